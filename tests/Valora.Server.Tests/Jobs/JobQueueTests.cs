using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Valora.Data.Analysis;
using Valora.Server.Jobs;
using Valora.Server.Tests.Support;

namespace Valora.Server.Tests.Jobs;

public sealed class JobQueueTests
{
    static readonly DateTimeOffset Now = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Enqueue_TwoJobs_SecondWaitsQueuedUntilFirstFinishes()
    {
        using var lifetime = new StubLifetime();
        var queue = new JobQueue(new FixedTimeProvider(Now), lifetime, NullLogger<JobQueue>.Instance);
        var release = new TaskCompletionSource();
        var firstStarted = new TaskCompletionSource();

        var first = queue.Enqueue("first", async ct =>
        {
            firstStarted.SetResult();
            await release.Task.WaitAsync(ct);
            return 1;
        });
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = queue.Enqueue("second", _ => Task.FromResult<object>("done"));

        Assert.Equal(JobState.Running, queue.Find(first.Id)!.Status);
        Assert.Equal(JobState.Queued, queue.Find(second.Id)!.Status);
        Assert.Null(queue.Find(second.Id)!.StartedAt);

        release.SetResult();
        var firstDone = await queue.WaitAsync(first.Id);
        var secondDone = await queue.WaitAsync(second.Id);

        Assert.Equal(JobState.Succeeded, firstDone!.Status);
        Assert.Equal(1, firstDone.Result);
        Assert.Equal(JobState.Succeeded, secondDone!.Status);
        Assert.Equal("done", secondDone.Result);
        Assert.Equal(Now, secondDone.FinishedAt);
    }

    [Fact]
    public async Task Enqueue_WorkThatFindsTheDataNotAnalysable_FailsWithTheApiWords()
    {
        using var lifetime = new StubLifetime();
        var queue = new JobQueue(new FixedTimeProvider(Now), lifetime, NullLogger<JobQueue>.Instance);

        var job = queue.Enqueue("broken", _ => throw new NotAnalysableException(NotAnalysableReason.NoOrders, "Nothing to fit."));
        var done = await queue.WaitAsync(job.Id);

        Assert.Equal(JobState.Failed, done!.Status);
        Assert.Equal("Nothing to fit. Import orders first.", done.Error);
        Assert.Null(done.Result);
    }

    [Fact]
    public async Task Enqueue_WorkWithAProgrammingError_FailsWithoutShowingItsInternals()
    {
        using var lifetime = new StubLifetime();
        var queue = new JobQueue(new FixedTimeProvider(Now), lifetime, NullLogger<JobQueue>.Instance);

        var job = queue.Enqueue("broken", _ => throw new InvalidOperationException("Sequence contains no elements at Foo.Bar()"));
        var done = await queue.WaitAsync(job.Id);

        Assert.Equal(JobState.Failed, done!.Status);
        Assert.Equal($"The job failed with an internal error (logged with job id {job.Id}).", done.Error);
    }

    [Fact]
    public async Task Enqueue_WorkPastTheTimeLimit_IsCancelledAndSaysSo()
    {
        using var lifetime = new StubLifetime();
        var queue = new JobQueue(TimeProvider.System, lifetime, NullLogger<JobQueue>.Instance) { TimeLimit = TimeSpan.FromMilliseconds(200) };
        var sawCancellation = false;

        var job = queue.Enqueue("endless", async ct =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                sawCancellation = true;
                throw;
            }
            return 0;
        });
        var done = await queue.WaitAsync(job.Id).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(JobState.Failed, done!.Status);
        Assert.Equal("The job ran past its time limit of 0.2 seconds and was stopped.", done.Error);
        Assert.True(sawCancellation, "the work's token was not cancelled");
    }

    [Fact]
    public void Find_UnknownId_ReturnsNull()
    {
        using var lifetime = new StubLifetime();
        var queue = new JobQueue(TimeProvider.System, lifetime, NullLogger<JobQueue>.Instance);

        Assert.Null(queue.Find("nope"));
    }

    sealed class StubLifetime : IHostApplicationLifetime, IDisposable
    {
        readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }
}
