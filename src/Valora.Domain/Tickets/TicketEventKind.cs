namespace Valora.Domain.Tickets;

public enum TicketEventKind
{
    Opened = 0,
    Status = 1,
    Priority = 2,
    Assigned = 3,
    Response = 4,
    Note = 5,
}
