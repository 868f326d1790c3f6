using System.Globalization;

namespace Engine.LoadGen.Reporting;

/// <summary>
/// The cumulative buckets of one series of <c>engine_request_duration_seconds</c> read from a
/// scrape, and what two scrapes tell: the server's own time per request (parsed query to encoded
/// answer, no network, no queueing) over the measured window, its quantiles estimated from the
/// bucket deltas the way Prometheus' <c>histogram_quantile</c> does (linear within a bucket).
/// </summary>
internal sealed class ServerDurations
{
    private const string BucketSeries = "engine_request_duration_seconds_bucket";

    private ServerDurations(IReadOnlyList<(double Le, double Count)> buckets) => Buckets = buckets;

    /// <summary>Upper bound (seconds, +∞ last) and cumulative count of each bucket, by bound.</summary>
    public IReadOnlyList<(double Le, double Count)> Buckets { get; }

    /// <summary>Requests counted (the +Inf bucket).</summary>
    public double Count => Buckets.Count == 0 ? 0 : Buckets[^1].Count;

    /// <summary>Reads the buckets of <c>transport="<paramref name="transport"/>"</c> from a scrape in Prometheus' text format.</summary>
    /// <param name="text">The scrape.</param>
    /// <param name="transport">The <c>transport</c> label.</param>
    /// <returns>The buckets, or null when the scrape has none for that transport.</returns>
    public static ServerDurations? Parse(string text, string transport)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buckets = new List<(double, double)>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (!line.StartsWith(BucketSeries + "{", StringComparison.Ordinal))
            {
                continue;
            }

            int close = line.LastIndexOf('}');
            if (close < 0 || Label(line[(BucketSeries.Length + 1)..close], "transport") != transport
                || Label(line[(BucketSeries.Length + 1)..close], "le") is not { } le
                || !TryNumber(le, out double bound)
                || !TryNumber(line[(close + 1)..].Trim(), out double count))
            {
                continue;
            }

            buckets.Add((bound, count));
        }

        return buckets.Count == 0 ? null : new ServerDurations([.. buckets.OrderBy(b => b.Item1)]);
    }

    /// <summary>The requests between two scrapes of the same server, bucket by bucket.</summary>
    /// <param name="before">At the start of the window.</param>
    /// <param name="after">After the drain.</param>
    /// <returns>The difference, or null when the buckets do not line up (another server, a restart).</returns>
    public static ServerDurations? Between(ServerDurations before, ServerDurations after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Buckets.Count != after.Buckets.Count)
        {
            return null;
        }

        var delta = new List<(double, double)>(after.Buckets.Count);
        for (int i = 0; i < after.Buckets.Count; i++)
        {
            double count = after.Buckets[i].Count - before.Buckets[i].Count;
            if (after.Buckets[i].Le != before.Buckets[i].Le || count < 0)
            {
                return null;
            }

            delta.Add((after.Buckets[i].Le, count));
        }

        return new ServerDurations(delta);
    }

    /// <summary>
    /// The duration at <paramref name="quantile"/>, in microseconds, interpolated linearly inside the
    /// bucket that holds that rank (so never finer than the buckets: read it as "between the bucket's
    /// bounds"); the last finite bound when the rank is past it; null without requests.
    /// </summary>
    /// <param name="quantile">0–1.</param>
    /// <returns>Microseconds.</returns>
    public double? QuantileMicroseconds(double quantile)
    {
        if (Count <= 0)
        {
            return null;
        }

        double rank = quantile * Count;
        double lowerBound = 0;
        double lowerCount = 0;
        foreach ((double le, double count) in Buckets)
        {
            if (count >= rank && count > lowerCount)
            {
                if (double.IsPositiveInfinity(le))
                {
                    return lowerBound * 1e6;
                }

                return (lowerBound + ((le - lowerBound) * (rank - lowerCount) / (count - lowerCount))) * 1e6;
            }

            lowerBound = double.IsPositiveInfinity(le) ? lowerBound : le;
            lowerCount = count;
        }

        return lowerBound * 1e6;
    }

    // The value of one label in `a="x",b="y"` (the engine's values hold no quote or comma).
    private static string? Label(string labels, string name)
    {
        foreach (string pair in labels.Split(','))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals].Trim() == name && pair.Length >= equals + 3 && pair[equals + 1] == '"' && pair[^1] == '"')
            {
                return pair[(equals + 2)..^1];
            }
        }

        return null;
    }

    private static bool TryNumber(string text, out double value)
    {
        if (text == "+Inf")
        {
            value = double.PositiveInfinity;
            return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
