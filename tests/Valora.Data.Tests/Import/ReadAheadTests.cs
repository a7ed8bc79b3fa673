using Valora.Data.Import;

namespace Valora.Data.Tests.Import;

public sealed class ReadAheadTests
{
    [Fact]
    public void Of_LongSource_YieldsEveryItemInOrder()
    {
        var items = ReadAhead.Of(Enumerable.Range(0, 100_003), CancellationToken.None, chunk: 64, depth: 4).ToList();
        Assert.Equal(Enumerable.Range(0, 100_003), items);
    }

    [Fact]
    public void Of_SourceThrows_ConsumerGetsTheSameExceptionAfterTheItemsBeforeIt()
    {
        var seen = new List<int>();
        var e = Assert.Throws<ArgumentException>(() =>
        {
            foreach (var i in ReadAhead.Of(Failing(), CancellationToken.None, chunk: 3, depth: 2))
            {
                seen.Add(i);
            }
        });
        Assert.Equal("bad row 10", e.Message);
        Assert.Equal(Enumerable.Range(0, 9), seen); // the last full chunk before the failure (9 = 3 chunks of 3)

        static IEnumerable<int> Failing()
        {
            for (var i = 0; ; i++)
            {
                if (i == 10)
                {
                    throw new ArgumentException("bad row 10");
                }
                yield return i;
            }
        }
    }

    [Fact]
    public void Of_ConsumerStopsEarly_SourceThreadHasStoppedWhenTheLoopEnds()
    {
        var produced = 0;
        var finished = false;
        IEnumerable<int> Endless()
        {
            try
            {
                while (true)
                {
                    yield return Interlocked.Increment(ref produced);
                }
            }
            finally
            {
                finished = true;
            }
        }

        foreach (var i in ReadAhead.Of(Endless(), CancellationToken.None, chunk: 8, depth: 2))
        {
            if (i == 20)
            {
                break;
            }
        }
        Assert.True(finished);
        var after = Volatile.Read(ref produced);
        Thread.Sleep(50);
        Assert.Equal(after, Volatile.Read(ref produced));
        Assert.InRange(after, 20, 20 + (8 * 4));
    }

    [Fact]
    public void Of_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var i in ReadAhead.Of(Enumerable.Range(0, 1_000_000), cts.Token, chunk: 16, depth: 2))
            {
                if (i == 100)
                {
                    cts.Cancel();
                }
            }
        });
    }
}
