namespace Valora.Data.Bulk;

/// <summary>
/// The database is held by an exclusive bulk load (indexes deferred, foreign keys off), or one cannot start because
/// another holds it or online writes are under way: nothing was written; the same call can be made again later.
/// </summary>
public sealed class DatabaseBusyException : InvalidOperationException
{
    public DatabaseBusyException()
    {
    }

    public DatabaseBusyException(string message)
        : base(message)
    {
    }

    public DatabaseBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
