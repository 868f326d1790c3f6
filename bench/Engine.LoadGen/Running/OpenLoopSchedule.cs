namespace Engine.LoadGen.Running;

/// <summary>
/// The fixed timeline of an open-loop run: request k (counting across all connections) is due at
/// <c>start + k / rate</c>, whatever happened to earlier requests. Connection c of n sends the
/// requests k = c, c + n, c + 2n, … so the connections together keep the rate. Latency is
/// measured from this intended time, so a stall in the server (or in the generator) is charged
/// to every request that should have gone out during it — the coordinated-omission correction.
/// </summary>
internal sealed class OpenLoopSchedule
{
    private readonly long _start;
    private readonly double _ticksPerRequest;
    private readonly int _connections;

    /// <summary>Creates a schedule.</summary>
    /// <param name="start">Stopwatch timestamp of request 0.</param>
    /// <param name="rate">Requests per second across all connections.</param>
    /// <param name="connections">How many connections share the rate.</param>
    /// <param name="ticksPerSecond">Clock frequency (Stopwatch.Frequency, or a test's virtual clock).</param>
    public OpenLoopSchedule(long start, double rate, int connections, long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(connections);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticksPerSecond);
        _start = start;
        _ticksPerRequest = ticksPerSecond / rate;
        _connections = connections;
    }

    /// <summary>When the <paramref name="sequence"/>-th request of <paramref name="connection"/> is due.</summary>
    /// <param name="connection">The connection's index.</param>
    /// <param name="sequence">The request's index on that connection, from 0.</param>
    /// <returns>The intended send time, in ticks.</returns>
    public long IntendedTime(int connection, long sequence)
    {
        // Computed from k, not by adding intervals, so rounding never accumulates into drift.
        double k = connection + ((double)sequence * _connections);
        return _start + (long)(k * _ticksPerRequest);
    }
}
