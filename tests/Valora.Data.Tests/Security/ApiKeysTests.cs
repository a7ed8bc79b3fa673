using Valora.Data.Security;
using Valora.Domain.Security;
using Valora.TestSupport;
using Valora.TestSupport.Data;

namespace Valora.Data.Tests.Security;

public sealed class ApiKeysTests
{
    static readonly DateTime Now = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public Task CreateFindRevoke_OnSqlite_KeyWorksUntilRevoked() => CreateFindRevoke(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task CreateFindRevoke_OnPostgres_KeyWorksUntilRevoked() => CreateFindRevoke(DatabaseProvider.Postgres);

    static async Task CreateFindRevoke(DatabaseProvider provider)
    {
        await using var test = await TestDatabase.CreateAsync(provider);
        await using var db = test.Database.CreateContext();

        var created = await ApiKeys.CreateAsync(db, " nightly export ", Roles.Analyst, "admin", Now);
        var other = await ApiKeys.CreateAsync(db, "crm sync", Roles.Sales, "admin", Now);

        Assert.StartsWith("vk_" + created.Key.Prefix + "_", created.Token, StringComparison.Ordinal);
        Assert.Equal("nightly export", created.Key.Name);
        // The secret is never stored: the row holds its 32-byte hash, which differs from the secret's bytes.
        Assert.Equal(32, created.Key.SecretHash.Length);
        Assert.DoesNotContain(created.Token[16..], Convert.ToBase64String(created.Key.SecretHash), StringComparison.Ordinal);

        var found = await ApiKeys.FindAsync(db, created.Token);
        Assert.Equal(created.Key.Id, found?.Id);
        Assert.Equal(Roles.Analyst, found?.Role);
        Assert.Equal(other.Key.Id, (await ApiKeys.FindAsync(db, other.Token))?.Id);

        // Another key's secret on this key's prefix, a changed last character, garbage: no key.
        var swapped = created.Token[..16] + other.Token[16..];
        Assert.Null(await ApiKeys.FindAsync(db, swapped));
        var last = created.Token[^1] == 'A' ? 'B' : 'A';
        Assert.Null(await ApiKeys.FindAsync(db, created.Token[..^1] + last));
        Assert.Null(await ApiKeys.FindAsync(db, "vk_"));
        Assert.Null(await ApiKeys.FindAsync(db, "' OR 1=1 --"));
        Assert.Null(await ApiKeys.FindAsync(db, null));

        Assert.True(await ApiKeys.RevokeAsync(db, created.Key.Id, Now.AddHours(1)));
        Assert.Null(await ApiKeys.FindAsync(db, created.Token));
        Assert.NotNull(await ApiKeys.FindAsync(db, other.Token));
        Assert.False(await ApiKeys.RevokeAsync(db, 999_999, Now));
        var listed = await ApiKeys.ListAsync(db);
        Assert.Equal([other.Key.Id, created.Key.Id], listed.Select(k => k.Id));
        Assert.Equal(Now.AddHours(1), listed[1].RevokedAt);
    }

    [Fact]
    public async Task Create_WithUnknownRoleOrEmptyName_NamesTheField()
    {
        await using var test = await TestDatabase.CreateSqliteAsync();
        await using var db = test.Database.CreateContext();

        var role = await Assert.ThrowsAsync<ArgumentException>(() => ApiKeys.CreateAsync(db, "x", "root", "admin", Now));
        Assert.StartsWith("role:", role.Message, StringComparison.Ordinal);
        var name = await Assert.ThrowsAsync<ArgumentException>(() => ApiKeys.CreateAsync(db, " ", Roles.Admin, "admin", Now));
        Assert.StartsWith("name:", name.Message, StringComparison.Ordinal);
    }
}
