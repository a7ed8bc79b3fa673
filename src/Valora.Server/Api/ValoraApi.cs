namespace Valora.Server.Api;

/// <summary>
/// The REST API: one <c>/api</c> route group that every feature's endpoints hang on, so cross-cutting policy
/// (authorization, rate limits, an audit filter) is set once here. A feature adds its <c>Map…Api</c> call below.
/// </summary>
public static class ValoraApi
{
    public static RouteGroupBuilder MapValoraApi(this IEndpointRouteBuilder app)
    {
        // Authenticated callers only (the fallback policy), rate-limited per user or key.
        var api = app.MapGroup("/api").RequireRateLimiting(Security.RateLimits.Api);
        api.MapOverviewApi();
        api.MapCustomersApi();
        api.MapScoresApi();
        api.MapCalcApi();
        api.MapValueApi();
        api.MapRfmApi();
        api.MapKpiApi();
        api.MapClvApi();
        api.MapChurnApi();
        api.MapCampaignsApi();
        api.MapSurveysApi();
        api.MapJobsApi();
        api.MapAdminKeysApi();
        return api;
    }
}
