using MudBlazor.Services;
using Valora.Data;
using Valora.Server.Api;
using Valora.Server.Health;
using Valora.Server.Jobs;

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
        services.AddSingleton(sp => DatabaseConfiguration.Resolve(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
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
}
