using System.Collections.Concurrent;

namespace Valora.Data.Import;

/// <summary>
/// Runs a source enumeration (reading, parsing and validating a file, or generating demo data) on its own thread,
/// a bounded number of chunks ahead of the consumer, so that parsing and database writes use two cores instead of
/// taking turns on one. Order is preserved; an exception of the source is rethrown to the consumer as it was; a
/// consumer that stops early (or fails) stops the source; the source thread has always ended when the enumeration
/// ends, so nothing it does (reject files, counters) outlives the import.
/// </summary>
internal static class ReadAhead
{
    /// <summary>Items handed over at a time (one hand-over costs about as much as a few hundred items).</summary>
    public const int Chunk = 64;

    /// <param name="chunk">Items handed over at a time (default <see cref="Chunk"/>).</param>
    /// <param name="depth">Chunks the source may run ahead (memory bound: <paramref name="chunk"/> × depth items).</param>
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, CancellationToken ct, int chunk = Chunk, int depth = 16)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var queue = new BlockingCollection<T[]>(depth);
        var producer = Task.Factory.StartNew(() =>
        {
            try
            {
                var buffer = new List<T>(chunk);
                foreach (var item in source)
                {
                    buffer.Add(item);
                    if (buffer.Count == chunk)
                    {
                        queue.Add([.. buffer], stop.Token);
                        buffer.Clear();
                    }
                }
                if (buffer.Count > 0)
                {
                    queue.Add([.. buffer], stop.Token);
                }
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            foreach (var items in queue.GetConsumingEnumerable(ct))
            {
                foreach (var item in items)
                {
                    yield return item;
                }
            }
        }
        finally
        {
            stop.Cancel();
            // Wait for the source thread to end; its own failure (if any) is rethrown below.
            ((IAsyncResult)producer).AsyncWaitHandle.WaitOne();
        }
        producer.GetAwaiter().GetResult();
    }
}
