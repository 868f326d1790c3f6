namespace Engine.Testing;

/// <summary>
/// Measures the bytes a warm operation allocates on the current thread.
/// </summary>
/// <remarks>
/// "Warm" means tiered compilation has settled. Tier-0 code may allocate where optimised code does
/// not, and tier-up (with on-stack replacement and the rejit bookkeeping that comes with it) happens
/// on a background thread after a delay that restarts whenever new code is jitted — on a busy 2-core
/// CI machine running four test assemblies at once that can be late. So the warm-up runs batches
/// until one batch allocates nothing (or a bounded number of batches has run), and the measured
/// run is repeated up to three times, keeping the smallest figure: a one-off runtime allocation
/// shows in one run only, while an operation that really allocates does so in every run, so the
/// check still fails for it.
/// </remarks>
public static class Allocations
{
    private const int MeasuredRuns = 3;

    /// <summary>Bytes allocated by <paramref name="iterations"/> calls of <paramref name="operation"/> once warm.</summary>
    /// <param name="operation">The operation; it must not capture state that grows.</param>
    /// <param name="iterations">The measured calls.</param>
    /// <param name="batch">Calls per warm-up batch; smaller for slow operations.</param>
    public static long OfWarm(Action operation, int iterations = 20_000, int batch = 1_000)
    {
        ArgumentNullException.ThrowIfNull(operation);
        WarmUp(operation, batch);

        long smallest = long.MaxValue;
        for (int run = 0; run < MeasuredRuns && smallest != 0; run++)
        {
            smallest = Math.Min(smallest, Measure(operation, iterations));
        }

        return smallest;
    }

    /// <summary>
    /// Bytes the whole process allocated over <paramref name="batches"/> awaited calls of
    /// <paramref name="batch"/> once warm (the smallest of up to three runs), for work that crosses
    /// threads (a client and its receive loop, a server): <see cref="GC.GetTotalAllocatedBytes"/>,
    /// so run it in a collection that runs alone.
    /// </summary>
    /// <param name="batch">One unit of work; a pooled async method, so awaiting it allocates nothing itself.</param>
    /// <param name="batches">The measured calls per run.</param>
    /// <param name="warmBatches">The calls before measuring.</param>
    public static async Task<long> OfWarmProcessWideAsync(Func<ValueTask> batch, int batches = 2_000, int warmBatches = 2_000)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (int i = 0; i < warmBatches; i++)
        {
            await batch().ConfigureAwait(false);
        }

        await Task.Delay(200).ConfigureAwait(false);
        long smallest = long.MaxValue;
        for (int run = 0; run < MeasuredRuns && smallest != 0; run++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < batches; i++)
            {
                await batch().ConfigureAwait(false);
            }

            smallest = Math.Min(smallest, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        return smallest;
    }

    private static void WarmUp(Action operation, int batch)
    {
        for (int round = 0; round < 200; round++)
        {
            long allocated = Measure(operation, batch);
            if (allocated == 0 && round >= 2)
            {
                return;
            }

            Thread.Sleep(15);
        }
    }

    private static long Measure(Action operation, int calls)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++)
        {
            operation();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
