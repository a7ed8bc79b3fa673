using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Valora.Data;
using Valora.Data.Security;
using Valora.Server.Dashboard.Account;

namespace Valora.Server.Security;

/// <summary>
/// The dashboard's sign-in page (open to anyone), the sign-in form post (antiforgery-checked, rate-limited per client
/// address, locking an account after <see cref="SecurityOptions.MaxFailedSignIns"/> failures) and sign-out.
/// </summary>
public static class AccountEndpoints
{
    public const string SignInPath = "/account/signin";
    public const string SignOutPath = "/account/signout";
    public const string DeniedPath = "/account/denied";

    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription().WithMetadata(new RequestSizeLimit(64 * 1024));
        account.MapGet("/signin", Page).AllowAnonymous();
        account.MapPost("/signin", SignIn).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn);
        account.MapPost("/signout", SignOut);
        account.MapGet("/denied", Denied);
        return account;
    }

    static RazorComponentResult<SignInPage> Page(HttpContext http, IAntiforgery antiforgery, string? returnUrl = null) =>
        Render(http, antiforgery, returnUrl, userName: null, error: null);

    static async Task<IResult> SignIn(
        HttpContext http, [FromForm] SignInForm form, SignInManager<IdentityUser> signIn, IAntiforgery antiforgery,
        ValoraDbContext db, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(form.UserName) || string.IsNullOrEmpty(form.Password))
        {
            return Render(http, antiforgery, form.ReturnUrl, form.UserName, "Enter your user name and password.");
        }
        var result = await signIn.PasswordSignInAsync(form.UserName.Trim(), form.Password, isPersistent: false, lockoutOnFailure: true);
        var action = result.Succeeded ? "signin" : result.IsLockedOut ? "signin-locked" : "signin-failed";
        await AuditLog.RecordAsync(db, form.UserName.Trim(), action, time.GetUtcNow().UtcDateTime, ct: http.RequestAborted);
        if (result.Succeeded)
        {
            return TypedResults.Redirect(LocalOrHome(form.ReturnUrl));
        }
        var error = result.IsLockedOut
            ? "This account is locked after repeated failed sign-ins; try again later or ask an admin."
            : "Wrong user name or password.";
        return Render(http, antiforgery, form.ReturnUrl, form.UserName, error);
    }

    static async Task<Results<RedirectHttpResult, BadRequest>> SignOut(
        HttpContext http, SignInManager<IdentityUser> signIn, IAntiforgery antiforgery, ValoraDbContext db, TimeProvider time)
    {
        // No form fields are bound, so the framework would not check the token by itself: a page of another site
        // must not be able to sign the user out.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.BadRequest();
        }
        await AuditLog.RecordAsync(db, http.User.Identity?.Name ?? "unknown", "signout", time.GetUtcNow().UtcDateTime, ct: http.RequestAborted);
        await signIn.SignOutAsync();
        return TypedResults.Redirect(SignInPath);
    }

    static ContentHttpResult Denied() => TypedResults.Content(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Valora · No access</title>" +
        "<link rel=\"stylesheet\" href=\"/app.css\"></head><body><main class=\"signin\"><h1>No access</h1>" +
        "<p>Your role does not allow this page. <a href=\"/\">Back to the overview</a></p></main></body></html>",
        "text/html", statusCode: StatusCodes.Status403Forbidden);

    static RazorComponentResult<SignInPage> Render(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? userName, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new RazorComponentResult<SignInPage>(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [nameof(SignInPage.AntiforgeryField)] = tokens.FormFieldName,
            [nameof(SignInPage.AntiforgeryToken)] = tokens.RequestToken,
            [nameof(SignInPage.ReturnUrl)] = LocalOrHome(returnUrl),
            [nameof(SignInPage.UserName)] = userName,
            [nameof(SignInPage.Error)] = error,
        });
    }

    /// <summary>Only a path on this site: "/x" but never "//host" or "/\host", which browsers read as another site.</summary>
    static string LocalOrHome(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}

/// <summary>The sign-in form's fields.</summary>
public sealed record SignInForm(string? UserName, string? Password, string? ReturnUrl);
