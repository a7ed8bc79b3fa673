using System.Collections.Concurrent;
using System.Globalization;
using Valora.Data.Analysis;
using Valora.Server.Api;

namespace Valora.Server.Jobs;

/// <summary>
/// Long-running work (CLV fits and scoring) started by the API and followed through <c>GET /api/jobs/{id}</c>. Each
/// job runs on the thread pool (<see cref="Task.Run(Func{Task})"/>) and is tracked in memory: jobs are lost when the
/// server restarts, which is fine because their results are also saved in the database (model runs, scores).
/// </summary>
/// <remarks>
/// At most one job runs at a time (the others wait, status <see cref="JobState.Queued"/>): fits and scorings write
/// the same tables and compete for the same two cores, so running them one after the other is both safer and no
/// slower. Jobs stop when the application stops.
/// </remarks>
public sealed partial class JobQueue(TimeProvider time, IHostApplicationLifetime lifetime, ILogger<JobQueue> logger)
{
    readonly ConcurrentDictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>How long one job may run before it is cancelled and reported as stopped (default two hours).</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Queues <paramref name="work"/> and returns the new job at once (status queued).</summary>
    public JobStatus Enqueue(string kind, Func<CancellationToken, Task<object>> work)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(work);
        var job = new JobRecord(Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture), kind, time.GetUtcNow());
        _jobs[job.Id] = job;
        job.Completion = Task.Run(() => RunAsync(job, work, lifetime.ApplicationStopping));
        return job.Snapshot();
    }

    /// <summary>Queues work that reports progress as short messages (shown in the job's <c>progress</c> field).</summary>
    public JobStatus Enqueue(string kind, Func<IProgress<string>, CancellationToken, Task<object>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        JobRecord? record = null;
        var progress = new JobProgress(m => record?.Report(m));
        var status = Enqueue(kind, ct => work(progress, ct));
        record = _jobs[status.Id];
        return status;
    }

    /// <summary>Reports synchronously (a <see cref="Progress{T}"/> posts to the thread pool and could arrive after the job ended).</summary>
    sealed class JobProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    /// <summary>The job's current status, or null for an unknown id.</summary>
    public JobStatus? Find(string id) => _jobs.TryGetValue(id, out var job) ? job.Snapshot() : null;

    /// <summary>Waits until the job has finished (for start-up work and tests); returns its final status.</summary>
    public async Task<JobStatus?> WaitAsync(string id, CancellationToken ct = default)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return null;
        }
        await job.Completion!.WaitAsync(ct);
        return job.Snapshot();
    }

    async Task RunAsync(JobRecord job, Func<CancellationToken, Task<object>> work, CancellationToken ct)
    {
        try
        {
            await _oneAtATime.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            job.Finish(JobState.Failed, time.GetUtcNow(), "The server stopped before the job started.", null);
            return;
        }
        using var limit = new CancellationTokenSource(TimeLimit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
        try
        {
            job.Start(time.GetUtcNow());
            var result = await work(linked.Token);
            job.Finish(JobState.Succeeded, time.GetUtcNow(), null, result);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            var (amount, unit) = TimeLimit.TotalMinutes >= 1 ? (TimeLimit.TotalMinutes, "minutes") : (TimeLimit.TotalSeconds, "seconds");
            job.Finish(JobState.Failed, time.GetUtcNow(), string.Create(CultureInfo.InvariantCulture,
                $"The job ran past its time limit of {amount:0.#} {unit} and was stopped."), null);
        }
        // A job reports every failure, whatever it is, as its error message: nothing is thrown to a caller.
#pragma warning disable CA1031
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, job.Kind, job.Id);
            job.Finish(JobState.Failed, time.GetUtcNow(), ErrorOf(ex, job.Id), null);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// What a failed job tells its client: the API's words for data that cannot be analysed, the message of a bad
    /// parameter or a bad file (which name the parameter, line and field) or of a database held by a bulk load, and
    /// for anything else (a database or
    /// programming error) only that it failed, with the job id to find it in the server log.
    /// </summary>
    static string ErrorOf(Exception ex, string id) => ex switch
    {
        OperationCanceledException => "The job was cancelled.",
        NotAnalysableException notAnalysable => Problems.Describe(notAnalysable),
        ArgumentException or InvalidDataException or FormatException or Data.Bulk.DatabaseBusyException => ex.Message,
        _ => $"The job failed with an internal error (logged with job id {id}).",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Kind} {Id} failed")]
    static partial void LogFailed(ILogger logger, Exception exception, string kind, string id);

    sealed class JobRecord(string id, string kind, DateTimeOffset createdAt)
    {
        readonly Lock _gate = new();
        JobState _state = JobState.Queued;
        DateTimeOffset? _startedAt, _finishedAt;
        string? _error;
        string? _progress;
        object? _result;

        public string Id { get; } = id;

        public string Kind { get; } = kind;

        public Task? Completion { get; set; }

        public void Start(DateTimeOffset at)
        {
            lock (_gate)
            {
                _state = JobState.Running;
                _startedAt = at;
            }
        }

        public void Report(string message)
        {
            lock (_gate)
            {
                _progress = message;
            }
        }

        public void Finish(JobState state, DateTimeOffset at, string? error, object? result)
        {
            lock (_gate)
            {
                _state = state;
                _finishedAt = at;
                _error = error;
                _result = result;
            }
        }

        public JobStatus Snapshot()
        {
            lock (_gate)
            {
                return new JobStatus(Id, Kind, _state, createdAt, _startedAt, _finishedAt, _error, _result, _progress);
            }
        }
    }
}
