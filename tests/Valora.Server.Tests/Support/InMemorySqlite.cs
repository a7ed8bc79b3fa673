using Microsoft.Data.Sqlite;
using Valora.Data;

namespace Valora.Server.Tests.Support;

/// <summary>
/// A private, shared-cache in-memory SQLite database. It lives only while <see cref="IDisposable.Dispose"/> has not
/// closed the connection this object holds open, so it outlives every context the server opens and closes.
/// </summary>
public sealed class InMemorySqlite : IDisposable
{
    readonly SqliteConnection _keepAlive;

    public InMemorySqlite()
    {
        ConnectionString = $"Data Source=valora-test-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        _keepAlive = new SqliteConnection(ValoraDatabase.Parse(ConnectionString).ConnectionString);
        _keepAlive.Open();
    }

    public string ConnectionString { get; }

    public void Dispose() => _keepAlive.Dispose();
}
