using Microsoft.Extensions.Options;
using Valora.Server.Security;

namespace Valora.Server.Api;

/// <summary>
/// The REST API: one <c>/api</c> route group that every feature's endpoints hang on, so cross-cutting policy
/// (authorization, rate limits, an audit filter) is set once here. A feature adds its <c>Map…Api</c> call below.
/// </summary>
public static class ValoraApi
{
    public static RouteGroupBuilder MapValoraApi(this IEndpointRouteBuilder app)
    {
        // Every role reads; each feature puts its writes, analyses and exports in a sub-group with that policy (the
        // permission matrix, Security/Policies.cs and docs/SECURITY.md). Rate-limited per user or key.
        var limits = app.ServiceProvider.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var api = app.MapGroup("/api")
            .WithMetadata(new RequestSizeLimit(limits.MaxRequestBodyBytes))
            .RequireAuthorization(Policies.Read)
            .RequireWritePolicyOnUnsafeMethods()
            .RequireRateLimiting(RateLimits.Api);
        api.MapOverviewApi();
        api.MapCustomersApi();
        api.MapDuplicatesApi();
        api.MapInteractionsApi();
        api.MapTicketsApi();
        api.MapOrdersApi();
        api.MapPipelineApi();
        api.MapScoresApi();
        api.MapCalcApi();
        api.MapValueApi();
        api.MapRfmApi();
        api.MapKpiApi();
        api.MapClvApi();
        api.MapChurnApi();
        api.MapClustersApi();
        api.MapPotentialApi();
        api.MapLifecycleApi();
        api.MapForecastApi();
        api.MapCycleApi();
        api.MapRulesApi();
        api.MapRecommendationsApi();
        api.MapSegmentsApi();
        api.MapCampaignsApi();
        api.MapSurveysApi();
        api.MapTextApi();
        api.MapPropensityApi();
        api.MapJobsApi();
        api.MapAdminKeysApi();
        api.MapAdminUsersApi();
        api.MapAdminAuditApi();
        api.MapAdminPrivacyApi();
        return api;
    }
}
