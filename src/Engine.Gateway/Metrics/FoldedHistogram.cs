using System.Diagnostics;
using Prometheus;

namespace Engine.Gateway.Metrics;

/// <summary>
/// Brings a prometheus-net histogram child up to folded totals (<see cref="DurationTally"/> cells):
/// each bucket's new count is observed at once (<c>Observe(value, count)</c>), at a value inside that
/// bucket chosen so that the exported sum moves by the folded sum's change. Bucket counts and the
/// count are exact; the sum is exact up to the last fold (a sum cell read a moment before its
/// bucket's count is corrected by the next scrape, since the sum observed so far is remembered).
/// </summary>
internal sealed class FoldedHistogram(Histogram.Child child)
{
    private readonly long[] _published = new long[DurationTally.SumCell];
    private double _publishedSeconds;

    /// <summary>Observes what <paramref name="totals"/> holds beyond what was published. Callers serialize.</summary>
    public void CatchUp(ReadOnlySpan<long> totals)
    {
        IReadOnlyList<double> bounds = EngineMetrics.DurationBuckets;
        int finite = bounds.Count;
        Span<long> delta = stackalloc long[finite + 1];
        long added = 0;
        for (int i = 0; i <= finite; i++)
        {
            delta[i] = Math.Max(0, totals[i] - _published[i]);
            added += delta[i];
        }

        if (added == 0)
        {
            return;
        }

        // The new durations' sum lies between every one at its bucket's lower bound and every one
        // at its upper bound; one fraction t of each bucket's width reproduces it.
        double wanted = (totals[DurationTally.SumCell] / (double)Stopwatch.Frequency) - _publishedSeconds;
        double lower = 0;
        double upper = 0;
        for (int i = 0; i < finite; i++)
        {
            lower += delta[i] * LowerBound(bounds, i);
            upper += delta[i] * bounds[i];
        }

        // Over the last bound: whatever the finite buckets cannot hold, at least the bound each.
        double overflowEach = 0;
        if (delta[finite] > 0)
        {
            double overflow = Math.Max(delta[finite] * Math.BitIncrement(bounds[finite - 1]), wanted - upper);
            overflowEach = overflow / delta[finite];
            wanted -= overflow;
        }

        double t = upper > lower ? Math.Clamp((wanted - lower) / (upper - lower), 0, 1) : 1;
        for (int i = 0; i < finite; i++)
        {
            if (delta[i] > 0)
            {
                double low = LowerBound(bounds, i);
                double value = Math.Clamp(low + (t * (bounds[i] - low)), i == 0 ? 0 : Math.BitIncrement(low), bounds[i]);
                Observe(value, delta[i]);
            }
        }

        if (delta[finite] > 0)
        {
            Observe(Math.Max(overflowEach, Math.BitIncrement(bounds[finite - 1])), delta[finite]);
        }

        for (int i = 0; i <= finite; i++)
        {
            _published[i] += delta[i];
        }
    }

    private static double LowerBound(IReadOnlyList<double> bounds, int bucket) => bucket == 0 ? 0 : bounds[bucket - 1];

    private void Observe(double value, long count)
    {
        child.Observe(value, count);
        _publishedSeconds += value * count;
    }
}
