namespace Valora.Domain.Pipeline;

public enum OpportunityEventKind
{
    Created = 0,
    Stage = 1,
    Amount = 2,
    Probability = 3,
    ExpectedClose = 4,
    Owner = 5,
    Note = 6,
}
