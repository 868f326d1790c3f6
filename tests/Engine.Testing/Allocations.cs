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
