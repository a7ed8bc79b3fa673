using Microsoft.AspNetCore.Http.HttpResults;
using Valora.Server.Jobs;

namespace Valora.Server.Api;

/// <summary>Status of background jobs (CLV fit and scoring).</summary>
public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/jobs").WithTags("Jobs");
        group.MapGet("/{id}", GetJob)
            .WithName("GetJob")
            .WithSummary("Status of a background job: queued, running, succeeded (with its result) or failed (with the error)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static Results<Ok<JobStatus>, ProblemHttpResult> GetJob(string id, JobQueue jobs) =>
        jobs.Find(id) is { } status
            ? TypedResults.Ok(status)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Job not found",
                detail: $"There is no job with id '{id}' (jobs are kept in memory until the server restarts).");

    /// <summary>202 Accepted pointing at the job's status.</summary>
    public static Accepted<JobStatus> Accepted(JobStatus job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", job);
    }
}
