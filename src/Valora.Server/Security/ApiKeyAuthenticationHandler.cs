using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Valora.Data;
using Valora.Data.Security;

namespace Valora.Server.Security;

/// <summary>
/// Authenticates a request that carries an <c>X-Api-Key</c> header: a working key becomes a principal acting with the
/// key's role; a missing header is no result (the cookie decides), anything else fails. The key is never logged.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ValoraDatabase database) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Claim saying how the caller authenticated (<c>apikey</c>), so cookie-only rules can tell.</summary>
    public const string MethodClaim = "valora:auth";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.HeaderName, out var values))
        {
            return AuthenticateResult.NoResult();
        }
        if (values.Count != 1)
        {
            return AuthenticateResult.Fail("More than one API key header.");
        }
        await using var db = database.CreateContext();
        var key = await ApiKeys.FindAsync(db, values[0], Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, "apikey:" + key.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, "apikey:" + key.Name),
                new Claim(ClaimTypes.Role, key.Role),
                new Claim(MethodClaim, "apikey"),
            ],
            SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeys.HeaderName}\"";
        return Task.CompletedTask;
    }
}
