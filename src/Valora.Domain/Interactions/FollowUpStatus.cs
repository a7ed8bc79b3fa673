namespace Valora.Domain.Interactions;

public enum FollowUpStatus
{
    Open = 0,
    Done = 1,
    Cancelled = 2,
}
