using System.Diagnostics;
using Prometheus;

namespace Engine.Gateway.Metrics;

/// <summary>
/// One transport's series of <c>engine_decisions_total</c> and <c>engine_request_duration_seconds</c>,
/// resolved once: recording is an interlocked add on a child the registry already holds, so it
/// allocates nothing (the binary protocol's hot path depends on it; <c>ServerAllocationTests</c>).
/// </summary>
public sealed class TransportMetrics
{
    // Indexed by DecisionOutcome.
    private readonly Counter.Child[] _outcomes;
    private readonly Histogram.Child _duration;

    internal TransportMetrics(Counter decisions, Histogram duration, string transport)
    {
        _outcomes = [.. Enum.GetValues<DecisionOutcome>().Select(outcome => decisions.WithLabels(transport, outcome.ToString()))];
        _duration = duration.WithLabels(transport);
    }

    /// <summary>Counts one answered request.</summary>
    /// <param name="outcome">The engine's decision, or why there was none.</param>
    public void Decided(DecisionOutcome outcome)
    {
        if ((uint)outcome < (uint)_outcomes.Length)
        {
            _outcomes[(int)outcome].Inc();
        }
    }

    /// <summary>Records the time since <paramref name="startTimestamp"/>, a <see cref="Stopwatch"/> timestamp.</summary>
    /// <param name="startTimestamp">When the request was read.</param>
    public void Duration(long startTimestamp) => _duration.Observe(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
}
