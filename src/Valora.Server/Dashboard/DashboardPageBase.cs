using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Valora.Data;
using Valora.Server.Security;

namespace Valora.Server.Dashboard;

/// <summary>
/// What every dashboard page shares: a fresh <see cref="ValoraDbContext"/> per load (an interactive circuit lives for
/// minutes and its components render concurrently, so a context is never kept between loads) and a token cancelled
/// when the user leaves the page.
/// </summary>
public abstract class DashboardPageBase : ComponentBase, IDisposable
{
    readonly CancellationTokenSource _leaving = new();

    [Inject]
    protected ValoraDatabase Database { get; set; } = null!;

    [CascadingParameter]
    Task<AuthenticationState>? Authentication { get; set; }

    [Inject]
    IAuthorizationService Authorization { get; set; } = null!;

    /// <summary>Whether the signed-in user passes <paramref name="policy"/> (Security/Policies.cs), e.g. to offer a write.</summary>
    protected async Task<bool> IsAllowedAsync(string policy) =>
        Authentication is not null && (await Authorization.AuthorizeAsync((await Authentication).User, policy)).Succeeded;

    /// <summary>Whether the signed-in user sees customers' personal data in full (else it is shown masked).</summary>
    protected async Task<bool> MaySeePersonalDataAsync() =>
        Authentication is not null && (await Authentication).User.MaySeePersonalData();

    /// <summary>The signed-in user's name ("unknown" if none).</summary>
    protected async Task<string> UserNameAsync() =>
        Authentication is not null && (await Authentication).User.Identity?.Name is { Length: > 0 } name ? name : "unknown";

    /// <summary>Cancelled when the page is disposed (navigated away from, circuit closed).</summary>
    protected CancellationToken Aborted => _leaving.Token;

    /// <summary>Runs one query with its own context.</summary>
    protected async Task<T> QueryAsync<T>(Func<ValoraDbContext, CancellationToken, Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = Database.CreateContext();
        return await query(db, Aborted);
    }

    public void Dispose()
    {
        _leaving.Cancel();
        _leaving.Dispose();
        GC.SuppressFinalize(this);
    }
}
