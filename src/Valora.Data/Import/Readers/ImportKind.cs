namespace Valora.Data.Import.Readers;

public enum ImportKind
{
    Customers,
    Products,
    Orders,
    Interactions,
    Referrals,
    Tickets,
    Surveys,
}
