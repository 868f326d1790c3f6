namespace Engine.Testing;

/// <summary>
/// Measures the bytes a warm operation allocates on the current thread. "Warm" means tiered
/// compilation has settled: tier-0 code may allocate where optimised code does not, and tier-up
/// happens on a background thread after a delay, so the warm-up runs batches until one batch
/// allocates nothing (or a bounded number of batches has run) before the measured run.
/// </summary>
public static class Allocations
{
    /// <summary>Bytes allocated by <paramref name="iterations"/> calls of <paramref name="operation"/> once warm.</summary>
    /// <param name="operation">The operation; it must not capture state that grows.</param>
    /// <param name="iterations">The measured calls.</param>
    public static long OfWarm(Action operation, int iterations = 20_000)
    {
        ArgumentNullException.ThrowIfNull(operation);
        for (int batch = 0; batch < 200; batch++)
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1_000; i++)
            {
                operation();
            }

            if (GC.GetAllocatedBytesForCurrentThread() == start && batch >= 2)
            {
                break;
            }

            Thread.Sleep(15);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++)
        {
            operation();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
