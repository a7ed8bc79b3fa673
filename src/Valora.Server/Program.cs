using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;
using Valora.Data;
using Valora.Server.Api;
using Valora.Server.Dashboard;
using Valora.Server.Health;
using Valora.Server.Jobs;
using Valora.Server.Startup;

var builder = WebApplication.CreateBuilder(args);
// Serve the dashboard's CSS (scoped bundles, wwwroot) from the build output in every environment, not only in
// Development: `dotnet Valora.Server.dll` from bin/ must look the same as `dotnet run`. Published apps are unaffected.
builder.WebHost.UseStaticWebAssets();

// Configuration: appsettings → environment → VALORA_DB → command line (see Startup/DatabaseConfiguration.cs).
DatabaseConfiguration.AddValoraDbVariable(
    builder.Configuration, Environment.GetEnvironmentVariable(DatabaseConfiguration.EnvironmentVariable));
builder.Services.AddOptions<ValoraServerOptions>()
    .BindConfiguration(ValoraServerOptions.SectionName)
    .Validate(o => o.DemoCustomers > 0, "Valora:DemoCustomers must be positive.")
    .ValidateOnStart();
ListenOnDefaultUrlsUnlessConfigured(builder);

// Data: one ValoraDatabase for the app; one context per request.
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp => DatabaseConfiguration.Resolve(
    sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
builder.Services.AddScoped(sp => sp.GetRequiredService<ValoraDatabase>().CreateContext());
builder.Services.AddSingleton<DatabaseInitializer>();
builder.Services.AddSingleton<JobQueue>();

// HTTP: errors as ProblemDetails, validated requests, OpenAPI, health, dashboard.
// A request that cannot be bound (a non-number for a number, a missing required parameter) says which parameter:
// the framework's message names it ("Failed to bind parameter \"double rate\" from \"abc\".").
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
{
    if (context.Exception is BadHttpRequestException bad)
    {
        context.ProblemDetails.Detail ??= bad.Message;
    }
});
builder.Services.AddValidation();
// Model diagnostics can hold NaN (a standard error that could not be estimated): written as "NaN" rather than failing.
builder.Services.ConfigureHttpJsonOptions(o =>
    o.SerializerOptions.NumberHandling |= System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals);
builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
{
    document.Info.Title = "Valora API";
    document.Info.Description = "Customers, sales and customer value. Errors are RFC 9457 problem details.";
    return Task.CompletedTask;
}));
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.Services.AddRazorComponents();

var app = builder.Build();

await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);

// Malformed requests (a non-number for an int, say) are 400s, also in Development where they are thrown.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapOpenApi();
// Scalar's page and script are served from the package; its web fonts would come from a CDN, so they are off.
app.MapScalarApiReference(options => options.WithTitle("Valora API").DisableDefaultFonts());
app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });

app.MapOverviewApi();
app.MapCustomersApi();
app.MapScoresApi();
app.MapCalcApi();
app.MapValueApi();
app.MapRfmApi();
app.MapKpiApi();
app.MapClvApi();
app.MapJobsApi();

app.MapRazorComponents<App>();

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
