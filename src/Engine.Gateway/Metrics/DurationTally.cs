using System.Diagnostics;

namespace Engine.Gateway.Metrics;

/// <summary>
/// One writer's count of request durations in the buckets of <c>engine_request_duration_seconds</c>
/// (<see cref="EngineMetrics.DurationBuckets"/>), kept as plain longs: a binary connection records
/// into its own tally with ordinary stores, and a scrape folds every tally into the exported
/// histogram (<see cref="TransportMetrics.AddFoldedSource"/>). A shared prometheus-net histogram
/// would cost an interlocked add on a line every connection writes, per request.
/// </summary>
public sealed class DurationTally
{
    // A cache line of longs either side, so two connections' tallies, allocated together, never share one.
    private const int Padding = 8;

    // Upper bounds in Stopwatch ticks, so that recording compares integers (rounded: 3 µs is 3,000 ns, not 2,999.9…).
    private static readonly long[] s_boundsInTicks =
        [.. EngineMetrics.DurationBuckets.Select(seconds => (long)Math.Round(seconds * Stopwatch.Frequency))];

    // [Padding]: one count per finite bucket, one for over the last bound, then the sum in ticks.
    private readonly long[] _cells = new long[Padding + CellCount + Padding];

    /// <summary>The cells a tally adds up: a count per bucket, one over the last bound, and the sum of durations in Stopwatch ticks.</summary>
    public static int CellCount => s_boundsInTicks.Length + 2;

    /// <summary>The index of the sum cell in a span of <see cref="CellCount"/> cells.</summary>
    public static int SumCell => s_boundsInTicks.Length + 1;

    /// <summary>Records the time since <paramref name="startTimestamp"/>. One writer at a time (the connection's loop).</summary>
    /// <param name="startTimestamp">A <see cref="Stopwatch"/> timestamp.</param>
    public void Record(long startTimestamp) => RecordTicks(Stopwatch.GetTimestamp() - startTimestamp);

    /// <summary>Records one duration. One writer at a time; readers may read concurrently (<see cref="AddTo"/>).</summary>
    /// <param name="elapsedTicks">The duration in <see cref="Stopwatch"/> ticks.</param>
    public void RecordTicks(long elapsedTicks)
    {
        long[] bounds = s_boundsInTicks;
        int bucket = 0;

        // From the bottom: a binary decision lands in the first few buckets.
        while (bucket < bounds.Length && elapsedTicks > bounds[bucket])
        {
            bucket++;
        }

        long[] cells = _cells;
        int count = Padding + bucket;
        int sum = Padding + SumCell;

        // Plain stores (one writer); Volatile so a reader on another thread sees whole, current values.
        Volatile.Write(ref cells[count], cells[count] + 1);
        Volatile.Write(ref cells[sum], cells[sum] + elapsedTicks);
    }

    /// <summary>Adds this tally's cells to <paramref name="totals"/> (<see cref="CellCount"/> long).</summary>
    /// <param name="totals">Where to add.</param>
    public void AddTo(Span<long> totals)
    {
        for (int i = 0; i < CellCount; i++)
        {
            totals[i] += Volatile.Read(ref _cells[Padding + i]);
        }
    }

    /// <summary>Adds another tally to this one (a closed connection's, into the closed total). One writer at a time.</summary>
    /// <param name="other">The tally to absorb.</param>
    public void Absorb(DurationTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        other.AddTo(_cells.AsSpan(Padding, CellCount));
    }
}
