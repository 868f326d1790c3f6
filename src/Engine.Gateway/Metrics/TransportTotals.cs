namespace Engine.Gateway.Metrics;

/// <summary>
/// What a scrape folds a transport's per-connection counts into (<see cref="TransportMetrics.AddFoldedSource"/>):
/// requests answered by outcome, and the duration cells of <see cref="DurationTally"/>. Totals since the
/// server started, never deltas, so a fold is idempotent and nothing depends on when scrapes happen.
/// </summary>
public sealed class TransportTotals
{
    private readonly long[] _outcomes = new long[Enum.GetValues<DecisionOutcome>().Length];
    private readonly long[] _durations = new long[DurationTally.CellCount];

    /// <summary>Requests answered, indexed by <see cref="DecisionOutcome"/>.</summary>
    public ReadOnlySpan<long> Outcomes => _outcomes;

    /// <summary>Duration cells, as <see cref="DurationTally.AddTo"/> writes them.</summary>
    public Span<long> Durations => _durations;

    /// <summary>Adds answered requests of one outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="count">How many.</param>
    public void Add(DecisionOutcome outcome, long count)
    {
        if ((uint)outcome < (uint)_outcomes.Length)
        {
            _outcomes[(int)outcome] += count;
        }
    }

    internal void Clear()
    {
        Array.Clear(_outcomes);
        Array.Clear(_durations);
    }
}
