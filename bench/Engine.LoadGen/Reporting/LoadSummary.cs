using Engine.Protocol;
using Engine.Runtime.Evaluation;
using HdrHistogram;

namespace Engine.LoadGen.Reporting;

/// <summary>What a run measured. Latencies in microseconds.</summary>
internal sealed record LoadSummary
{
    /// <summary>"closed loop, 4 connections × 16 in flight" or "open loop, 50000 requests/s over 4 connections".</summary>
    public required string Mode { get; init; }

    /// <summary>Answers to requests sent (closed loop) or scheduled (open loop) in the measured window.</summary>
    public required long Requests { get; init; }

    /// <summary>Length of the measured window.</summary>
    public required double Seconds { get; init; }

    /// <summary>The latency distribution of those answers.</summary>
    public required HistogramBase Latency { get; init; }

    /// <summary>How late the generator sent each measured request after its intended time (µs); in the closed loop always ~0.</summary>
    public HistogramBase? SendLag { get; init; }

    /// <summary>The server's own request durations over the window (its <c>/metrics</c>), or why they are missing; null when not asked for.</summary>
    public Running.ServerDurationResult? ServerDuration { get; init; }

    /// <summary>Failed answers (non-Ok status), broken connections and unanswered requests, warmup included.</summary>
    public required long Errors { get; init; }

    /// <summary>Answers that differ from their case's <c>expect</c>, warmup included.</summary>
    public required long Mismatches { get; init; }

    /// <summary>Server-side Δ allocated bytes / Δ requests over the window, or null when the server does not say.</summary>
    public double? ServerBytesPerRequest { get; init; }

    /// <summary>Lines explaining the errors: counts per status and the first message.</summary>
    public IReadOnlyList<string> ErrorDetails { get; init; } = [];

    /// <summary>The mismatching cases: name, expected, last answer, count.</summary>
    public IReadOnlyList<Mismatch> MismatchDetails { get; init; } = [];

    /// <summary>How many cases carry policies the server ignored.</summary>
    public int CasesWithPolicies { get; init; }

    /// <summary>Answers per second in the window.</summary>
    public double Throughput => Seconds > 0 ? Requests / Seconds : 0;

    /// <summary>Whether the run found anything wrong (the exit code is 1 then).</summary>
    public bool Failed => Errors > 0 || Mismatches > 0 || Requests == 0;

    /// <summary>The latency at a percentile (0 when nothing was recorded).</summary>
    /// <param name="percentile">0–100.</param>
    /// <returns>Microseconds.</returns>
    public long Percentile(double percentile) => Latency.TotalCount == 0 ? 0 : Latency.GetValueAtPercentile(percentile);

    /// <summary>The largest latency (0 when nothing was recorded).</summary>
    public long Max => Latency.TotalCount == 0 ? 0 : Latency.GetMaxValue();

    /// <summary>Describes a non-Ok status for the error details.</summary>
    /// <param name="status">The status.</param>
    /// <returns>Its name.</returns>
    public static string Describe(ResponseStatus status) => status.ToString();
}

/// <summary>A case the server answered differently from <c>expect</c>.</summary>
/// <param name="Case">The case name.</param>
/// <param name="Expected">Its <c>expect</c>.</param>
/// <param name="Actual">The server's (last) answer.</param>
/// <param name="Count">How many times.</param>
internal sealed record Mismatch(string Case, Decision Expected, Decision Actual, long Count)
{
    /// <summary>The answer in words when it is not a decision (a gateway's bare 403), else null: <see cref="Actual"/> is the answer.</summary>
    public string? ActualDescription { get; init; }
}
