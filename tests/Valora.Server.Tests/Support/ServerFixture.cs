using Valora.Data;

namespace Valora.Server.Tests.Support;

/// <summary>
/// One server on its own in-memory SQLite database for one test class, filled once by <see cref="InsertAsync"/>;
/// the class's tests only read, so none depends on rows another test created.
/// </summary>
public abstract class ServerFixture : IAsyncLifetime
{
    readonly InMemorySqlite _database = new();

    protected ServerFixture() => Factory = new ValoraServerFactory(_database.ConnectionString);

    public ValoraServerFactory Factory { get; }

    /// <summary>A client acting as an admin (see <see cref="ValoraServerFactory"/>).</summary>
    public HttpClient CreateClient() => Factory.CreateClient();

    /// <summary>A client acting with <paramref name="role"/> (an API key of that role).</summary>
    public HttpClient CreateClient(string role) => Factory.CreateClient(role);

    /// <summary>A client without credentials.</summary>
    public HttpClient CreateAnonymousClient() => Factory.CreateAnonymousClient();

    protected abstract Task InsertAsync(ValoraDbContext db);

    public async Task InitializeAsync()
    {
        // Starting the server migrates the database; then the class's rows go in.
        _ = Factory.Services;
        await using var db = Factory.Database.CreateContext();
        await InsertAsync(db);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        _database.Dispose();
    }
}
