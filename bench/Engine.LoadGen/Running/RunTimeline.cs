using System.Diagnostics;

namespace Engine.LoadGen.Running;

/// <summary>
/// The run's clock marks, in <see cref="Stopwatch"/> ticks: load starts at <see cref="Start"/>, the
/// warmup ends at <see cref="MeasureStart"/>, and no request is scheduled at or after
/// <see cref="MeasureEnd"/>. A response is recorded when its request was scheduled (open loop) or
/// sent (closed loop) inside [<see cref="MeasureStart"/>, <see cref="MeasureEnd"/>).
/// </summary>
/// <param name="Start">When load starts.</param>
/// <param name="MeasureStart">When recording starts.</param>
/// <param name="MeasureEnd">When sending stops.</param>
internal readonly record struct RunTimeline(long Start, long MeasureStart, long MeasureEnd)
{
    /// <summary>A timeline starting at <paramref name="start"/>.</summary>
    /// <param name="start">Stopwatch timestamp.</param>
    /// <param name="warmupSeconds">Unrecorded load.</param>
    /// <param name="seconds">Recorded load.</param>
    /// <returns>The timeline.</returns>
    public static RunTimeline From(long start, double warmupSeconds, double seconds)
    {
        long measureStart = start + SecondsToTicks(warmupSeconds);
        return new RunTimeline(start, measureStart, measureStart + SecondsToTicks(seconds));
    }

    /// <summary>Whether a request scheduled or sent at <paramref name="timestamp"/> is recorded.</summary>
    /// <param name="timestamp">Stopwatch timestamp.</param>
    /// <returns>True inside the measured window.</returns>
    public bool IsMeasured(long timestamp) => timestamp >= MeasureStart && timestamp < MeasureEnd;

    /// <summary>How much of the measured window had passed at <paramref name="timestamp"/> (for a run cut short by Ctrl+C).</summary>
    /// <param name="timestamp">Stopwatch timestamp.</param>
    /// <returns>Seconds, from 0 to the window's length.</returns>
    public double MeasuredSecondsAt(long timestamp) =>
        (double)(Math.Clamp(timestamp, MeasureStart, MeasureEnd) - MeasureStart) / Stopwatch.Frequency;

    /// <summary>The once-a-second progress line of a run, the same for every protocol.</summary>
    /// <param name="now">Stopwatch timestamp.</param>
    /// <param name="throughput">Responses per second over the last interval.</param>
    /// <param name="total">Latencies recorded so far (µs).</param>
    /// <param name="errors">Errors so far.</param>
    /// <param name="mismatches">Answers other than expected so far.</param>
    /// <returns>The line.</returns>
    public string ProgressLine(long now, double throughput, HdrHistogram.LongHistogram total, long errors, long mismatches)
    {
        double t = (double)(now - Start) / Stopwatch.Frequency;
        string phase = now < MeasureStart ? "warmup " : now < MeasureEnd ? "measure" : "drain  ";
        string p99 = total.TotalCount == 0 ? "-" : total.GetValueAtPercentile(99).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " µs";
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"[{t,5:0.0}s {phase}] {throughput,12:N0} req/s   p99 so far {p99,10}   errors {errors}   mismatches {mismatches}");
    }

    /// <summary>Seconds to Stopwatch ticks.</summary>
    /// <param name="seconds">Seconds.</param>
    /// <returns>Ticks.</returns>
    public static long SecondsToTicks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    /// <summary>Stopwatch ticks to whole microseconds (negative becomes 0).</summary>
    /// <param name="ticks">Ticks.</param>
    /// <returns>Microseconds.</returns>
    public static long TicksToMicroseconds(long ticks) =>
        ticks <= 0 ? 0 : (long)((Int128)ticks * 1_000_000 / Stopwatch.Frequency);
}
