namespace Valora.Domain.Interactions;

public enum InteractionChannel
{
    Email = 0,
    Phone = 1,
    Sms = 2,
    Chat = 3,
    Meeting = 4,
    Visit = 5,
}
