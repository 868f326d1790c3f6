using System.Diagnostics;
using Prometheus;

namespace Engine.Gateway.Metrics;

/// <summary>
/// One transport's series of <c>engine_decisions_total</c> and <c>engine_request_duration_seconds</c>,
/// resolved once. Two ways in: the HTTP and gRPC handlers record with an interlocked add on a child
/// the registry already holds (<see cref="Decided"/>, <see cref="Duration"/>); the binary protocol
/// counts into per-connection plain counters and <see cref="DurationTally"/>s that a scrape folds in
/// (<see cref="AddFoldedSource"/>), so its hot path shares no cache line between connections.
/// Neither allocates per request (<c>ServerAllocationTests</c>).
/// </summary>
public sealed class TransportMetrics
{
    // Indexed by DecisionOutcome.
    private readonly Counter.Child[] _outcomes;
    private readonly Histogram.Child _duration;
    private readonly Lock _foldLock = new();
    private readonly List<Action<TransportTotals>> _foldedSources = [];
    private readonly TransportTotals _folded = new();
    private readonly FoldedHistogram _foldedDuration;

    internal TransportMetrics(Counter decisions, Histogram duration, string transport)
    {
        _outcomes = [.. Enum.GetValues<DecisionOutcome>().Select(outcome => decisions.WithLabels(transport, outcome.ToString()))];
        _duration = duration.WithLabels(transport);
        _foldedDuration = new FoldedHistogram(_duration);
    }

    /// <summary>
    /// Adds counts kept outside the registry: at every scrape, <paramref name="addTotals"/> adds its
    /// totals since start (outcomes and duration cells) to the ones it is given, and the series are
    /// brought up to the sum of every source. A source must never go back (fold a closed
    /// connection's counts into a total kept for good).
    /// </summary>
    /// <param name="addTotals">Called once per scrape, serialized.</param>
    public void AddFoldedSource(Action<TransportTotals> addTotals)
    {
        lock (_foldLock)
        {
            _foldedSources.Add(addTotals);
        }
    }

    // At scrape time (EngineMetrics' before-collect callback), possibly from concurrent scrapes.
    internal void PublishFolded()
    {
        lock (_foldLock)
        {
            if (_foldedSources.Count == 0)
            {
                return;
            }

            _folded.Clear();
            foreach (Action<TransportTotals> source in _foldedSources)
            {
                source(_folded);
            }

            // A transport records one way or the other, never both: the child is brought up to the total.
            ReadOnlySpan<long> outcomes = _folded.Outcomes;
            for (int i = 0; i < outcomes.Length; i++)
            {
                _outcomes[i].IncTo(outcomes[i]);
            }

            _foldedDuration.CatchUp(_folded.Durations);
        }
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
