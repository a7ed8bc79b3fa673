namespace Valora.Domain.Tickets;

public enum TicketKind
{
    Inquiry = 0,
    Complaint = 1,
    Feedback = 2,
}
