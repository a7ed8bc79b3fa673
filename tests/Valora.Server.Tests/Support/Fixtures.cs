using Valora.Data;

namespace Valora.Server.Tests.Support;

/// <summary>A server whose database holds <see cref="OverviewData"/>.</summary>
public sealed class OverviewFixture : ServerFixture
{
    protected override Task InsertAsync(ValoraDbContext db) => OverviewData.InsertAsync(db);
}

/// <summary>A server whose database holds <see cref="CustomerData"/>.</summary>
public sealed class CustomersFixture : ServerFixture
{
    public long AliceId { get; private set; }

    protected override async Task InsertAsync(ValoraDbContext db) => AliceId = await CustomerData.InsertAsync(db);
}

/// <summary>A server on a migrated, empty database.</summary>
public sealed class EmptyServerFixture : ServerFixture
{
    protected override Task InsertAsync(ValoraDbContext db) => Task.CompletedTask;
}
