using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Valora.Data;
using Valora.Data.Security;
using Valora.Domain.Security;
using Valora.Server.Api;
using Valora.Server.Health;
using Valora.Server.Jobs;
using Valora.Server.Security;

namespace Valora.Server.Startup;

/// <summary>The server's service setup, in the order <c>Program.cs</c> applies it.</summary>
public static class ValoraServices
{
    /// <summary>Settings (validated at start), the database (one <see cref="ValoraDatabase"/>, one context per request), jobs.</summary>
    public static IServiceCollection AddValoraData(this IServiceCollection services)
    {
        services.AddOptions<ValoraServerOptions>()
            .BindConfiguration(ValoraServerOptions.SectionName)
            .Validate(o => o.DemoCustomers > 0, "Valora:DemoCustomers must be positive.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<Valora.Data.Tickets.SlaTargets>()
            .BindConfiguration(Valora.Data.Tickets.SlaTargets.SectionName)
            .Validate(o => o.Problem() is null, "Valora:Tickets:Sla targets must be positive, and each Resolution at least its FirstResponse.")
            .ValidateOnStart();
        services.AddOptions<Valora.Data.Pipeline.PipelineStages>()
            .BindConfiguration(Valora.Data.Pipeline.PipelineStages.SectionName)
            .Validate(o => o.Problem() is null, "Valora:Pipeline:Stages: each Probability must be in [0, 1] and each Label at most 50 characters.")
            .ValidateOnStart();
        // Every context the server opens writes the audit log, naming the signed-in user or API key of the request.
        services.AddHttpContextAccessor();
        services.AddSingleton(sp =>
        {
            var http = sp.GetRequiredService<IHttpContextAccessor>();
            var audit = new AuditInterceptor(() => http.HttpContext?.User.Identity?.Name ?? "system", sp.GetRequiredService<TimeProvider>());
            return DatabaseConfiguration.Resolve(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>().ContentRootPath)
                with { Interceptors = [audit] };
        });
        services.AddScoped(sp => sp.GetRequiredService<ValoraDatabase>().CreateContext());
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<JobQueue>();
        return services;
    }

    /// <summary>
    /// HTTP: errors as RFC 9457 problem details (a request that cannot be bound names its parameter; data that cannot be
    /// analysed is a 422 with a reason code, see <see cref="NotAnalysableExceptionHandler"/>), validated requests,
    /// OpenAPI, health checks and the dashboard's components.
    /// </summary>
    public static IServiceCollection AddValoraHttp(this IServiceCollection services)
    {
        // The framework's bind failure message names the parameter ("Failed to bind parameter \"double rate\" from \"abc\".").
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Detail ??= bad.Message;
            }
        });
        services.AddExceptionHandler<NotAnalysableExceptionHandler>();
        services.AddExceptionHandler<DatabaseBusyExceptionHandler>();
        services.AddValidation();
        // Model diagnostics can hold NaN (a standard error that could not be estimated): written as "NaN" rather than failing.
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.NumberHandling |= System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals);
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Valora API";
            document.Info.Description = "Customers, sales and customer value. Errors are RFC 9457 problem details.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        return services;
    }

    /// <summary>
    /// Who may call: ASP.NET Core Identity (users, roles, password hashing, lockout) with its cookie for the dashboard,
    /// API keys (<c>X-Api-Key</c>) for integrations, one policy scheme choosing between them per request, a fallback
    /// policy that requires an authenticated caller on every endpoint that does not say otherwise, the named policies
    /// of <see cref="Policies"/>, the first-start admin and rate limits. See docs/SECURITY.md.
    /// </summary>
    public static IServiceCollection AddValoraSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>()
            .BindConfiguration(SecurityOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.AdminUserName), "Valora:Security:AdminUserName must not be empty.")
            .Validate(o => o.MaxFailedSignIns > 0 && o.ApiRequestsPerMinute > 0 && o.SignInsPerMinute > 0 && o.MaxRequestBodyBytes > 0,
                "Valora:Security limits must be positive.")
            .ValidateOnStart();
        services.AddIdentityCore<IdentityUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ValoraDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddOptions<IdentityOptions>().Configure<IOptions<SecurityOptions>>((identity, security) =>
        {
            // Length over character classes (NIST SP 800-63B): 12 characters or more, any characters.
            identity.Password.RequiredLength = 12;
            identity.Password.RequireDigit = false;
            identity.Password.RequireLowercase = false;
            identity.Password.RequireUppercase = false;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = security.Value.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = security.Value.LockoutDuration;
        });

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = CallerScheme;
                options.DefaultChallengeScheme = CallerScheme;
                options.DefaultForbidScheme = CallerScheme;
            })
            .AddPolicyScheme(CallerScheme, "Cookie or API key", options => options.ForwardDefaultSelector = http =>
                http.Request.Headers.ContainsKey(ApiKeys.HeaderName) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "valora.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = AccountEndpoints.SignInPath;
            cookie.LogoutPath = AccountEndpoints.SignOutPath;
            cookie.AccessDeniedPath = AccountEndpoints.DeniedPath;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            // The API answers 401/403 rather than redirecting a script to an HTML page.
            cookie.Events.OnRedirectToLogin = context => RedirectOrStatus(context.HttpContext, context.RedirectUri, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context.HttpContext, context.RedirectUri, StatusCodes.Status403Forbidden);
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddValoraPolicies();
        services.AddCascadingAuthenticationState();
        services.AddScoped<UserAdministration>();
        services.AddSingleton<FirstAdmin>();
        services.AddValoraRateLimits();
        return services;
    }

    /// <summary>The default scheme: forwards to the API key handler when the request has the header, else to the cookie.</summary>
    public const string CallerScheme = "Valora";

    static Task RedirectOrStatus(HttpContext http, string redirectUri, int status)
    {
        if (http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.StatusCode = status;
        }
        else
        {
            http.Response.Redirect(redirectUri);
        }
        return Task.CompletedTask;
    }
}
