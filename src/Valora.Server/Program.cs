using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;
using Valora.Server.Api;
using Valora.Server.Dashboard;
using Valora.Server.Health;
using Valora.Server.Security;
using Valora.Server.Startup;

var builder = WebApplication.CreateBuilder(args);
// Serve the dashboard's CSS (scoped bundles, wwwroot) from the build output in every environment, not only in
// Development: `dotnet Valora.Server.dll` from bin/ must look the same as `dotnet run`. Published apps are unaffected.
builder.WebHost.UseStaticWebAssets();

// Configuration: appsettings → environment → VALORA_DB → command line (see Startup/DatabaseConfiguration.cs).
DatabaseConfiguration.AddValoraDbVariable(
    builder.Configuration, Environment.GetEnvironmentVariable(DatabaseConfiguration.EnvironmentVariable));
ListenOnDefaultUrlsUnlessConfigured(builder);
builder.Services.AddValoraData().AddValoraHttp().AddValoraSecurity();

var app = builder.Build();

await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
await app.Services.GetRequiredService<FirstAdmin>().EnsureAsync(app.Lifetime.ApplicationStopping);

app.UseSecurityHeaders();
// Malformed requests (a non-number for an int, say) are 400s, also in Development where they are thrown.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
// Every endpoint needs a signed-in user or an API key unless it allows anonymous callers (health, sign-in, static
// files); see Startup/ValoraServices.AddValoraSecurity and docs/SECURITY.md.
app.UseAuthentication();
app.UseCrossSiteGuard();
app.UseAuthorization();
app.UseAntiforgery();
app.UseRateLimiter();
RequestSizeLimit.UseRequestSizeLimits(app);

app.MapStaticAssets().AllowAnonymous();
app.MapAccountEndpoints();
app.MapOpenApi();
// Scalar's page and script are served from the package; its web fonts would come from a CDN, so they are off.
app.MapScalarApiReference(options => options.WithTitle("Valora API").DisableDefaultFonts());
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();

app.MapValoraApi();

app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();

// Addresses come from --urls, ASPNETCORE_URLS, Urls, HTTP_PORTS or Kestrel:Endpoints as usual; when none is given
// (e.g. `dotnet bin/.../Valora.Server.dll`), Valora:DefaultUrls (http://localhost:5080) rather than Kestrel's 5000.
static void ListenOnDefaultUrlsUnlessConfigured(WebApplicationBuilder builder)
{
    var config = builder.Configuration;
    var configured = !string.IsNullOrEmpty(config[WebHostDefaults.ServerUrlsKey])
        || !string.IsNullOrEmpty(config[WebHostDefaults.HttpPortsKey])
        || !string.IsNullOrEmpty(config[WebHostDefaults.HttpsPortsKey])
        || config.GetSection("Kestrel:Endpoints").GetChildren().Any();
    if (!configured)
    {
        var options = config.GetSection(ValoraServerOptions.SectionName).Get<ValoraServerOptions>() ?? new ValoraServerOptions();
        builder.WebHost.UseUrls(options.DefaultUrls);
    }
}

/// <summary>The entry point; public and partial so tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
