namespace Valora.Domain.Interactions;

public enum InteractionDirection
{
    Outbound = 0,
    Inbound = 1,
}
