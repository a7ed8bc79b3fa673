using System.Net;
using System.Text.RegularExpressions;

namespace Valora.Server.Tests.Support;

/// <summary>Signs a client in through the dashboard's real sign-in form (antiforgery token included).</summary>
public static partial class CookieSignIn
{
    /// <summary>Posts the form; the client keeps the cookie when it succeeds. Returns the form post's response.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string userName, string password, string returnUrl = "/")
    {
        ArgumentNullException.ThrowIfNull(client);
        var (field, token) = await AntiforgeryAsync(client, "/account/signin");
        return await client.PostAsync(new Uri("/account/signin", UriKind.Relative), new FormUrlEncodedContent(
        [
            new(field, token),
            new("userName", userName),
            new("password", password),
            new("returnUrl", returnUrl),
        ]));
    }

    /// <summary>An anonymous client of <paramref name="factory"/> signed in as its admin with the cookie.</summary>
    public static async Task<HttpClient> AdminAsync(ValoraServerFactory factory, bool followRedirects = true)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.CreateAnonymousClient(followRedirects);
        using var response = await PostAsync(client, ValoraServerFactory.AdminUserName, ValoraServerFactory.AdminPassword);
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"Sign-in answered {response.StatusCode}.");
        }
        return client;
    }

    /// <summary>The antiforgery field name and token of the form on <paramref name="path"/>.</summary>
    public static async Task<(string Field, string Token)> AntiforgeryAsync(HttpClient client, string path)
    {
        ArgumentNullException.ThrowIfNull(client);
        var html = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        var match = TokenInput().Match(html);
        if (!match.Success)
        {
            throw new InvalidOperationException($"No antiforgery token on {path}.");
        }
        return (match.Groups["name"].Value, WebUtility.HtmlDecode(match.Groups["value"].Value));
    }

    [GeneratedRegex("name=\"(?<name>__RequestVerificationToken)\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex TokenInput();
}
