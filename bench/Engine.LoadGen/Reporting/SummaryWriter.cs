using System.Globalization;
using System.Text;
using System.Text.Json;
using HdrHistogram;

namespace Engine.LoadGen.Reporting;

/// <summary>Prints a <see cref="LoadSummary"/> for people or, with <c>--json</c>, as one JSON object.</summary>
internal static class SummaryWriter
{
    /// <summary>The summary as text.</summary>
    /// <param name="summary">The summary.</param>
    /// <param name="output">Where to write.</param>
    public static void WriteText(LoadSummary summary, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(output);
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{summary.Mode}, {summary.Seconds:0.###} s measured");
        text.AppendLine(c, $"  requests        {summary.Requests,14:N0}");
        text.AppendLine(c, $"  decisions/s     {summary.Throughput,14:N0}");
        text.AppendLine("  latency (µs, from the " + (summary.Mode.StartsWith("open", StringComparison.Ordinal) ? "intended" : "actual") + " send time)");
        foreach ((string label, double percentile) in new[] { ("p50", 50.0), ("p90", 90.0), ("p99", 99.0), ("p99.9", 99.9) })
        {
            text.AppendLine(c, $"    {label,-6}        {summary.Percentile(percentile),14:N0}");
        }

        text.AppendLine(c, $"    max           {summary.Max,14:N0}");
        if (summary.SendLag is { TotalCount: > 0 } lag && summary.Mode.StartsWith("open", StringComparison.Ordinal))
        {
            text.AppendLine(c, $"  send lag (µs: generator's lateness vs the schedule, included above)  p50 {lag.GetValueAtPercentile(50):N0}  p99 {lag.GetValueAtPercentile(99):N0}  max {lag.GetMaxValue():N0}");
        }

        if (summary.ServerDuration is { } server)
        {
            text.AppendLine(server.Window is { } window
                ? string.Create(c, $"  server duration (µs: query parsed to answer encoded, from its /metrics buckets, {window.Count:N0} requests)  p50 ~{window.QuantileMicroseconds(0.5):0.#}  p99 ~{window.QuantileMicroseconds(0.99):0.#}")
                : $"  server duration  n/a ({server.Failure})");
        }

        text.AppendLine(c, $"  errors          {summary.Errors,14:N0}");
        text.AppendLine(c, $"  mismatches      {summary.Mismatches,14:N0}");
        text.AppendLine("  server bytes/request " + (summary.ServerBytesPerRequest is double b ? b.ToString("N1", c).PadLeft(9) : "      n/a (the server sent no allocation counter)"));
        foreach (string detail in summary.ErrorDetails)
        {
            text.AppendLine("  error: " + detail);
        }

        foreach (Mismatch m in summary.MismatchDetails.Take(20))
        {
            text.AppendLine(c, $"  mismatch: `{m.Case}` expected {m.Expected}, server answered {m.ActualDescription ?? m.Actual.ToString()} ({m.Count:N0}×)");
        }

        if (summary.MismatchDetails.Count > 20)
        {
            text.AppendLine(c, $"  … and {summary.MismatchDetails.Count - 20} more mismatching cases");
        }

        if (summary.CasesWithPolicies > 0)
        {
            text.AppendLine(c, $"  note: {summary.CasesWithPolicies} case(s) carry `policies`; the server ignored them and answered from its own bundle");
        }

        output.Write(text.ToString());
    }

    /// <summary>The summary as one JSON object (keys of the <c>--json</c> contract).</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(LoadSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("requests", summary.Requests);
            json.WriteNumber("seconds", summary.Seconds);
            json.WriteNumber("throughput", Math.Round(summary.Throughput, 1));
            json.WriteNumber("p50Us", summary.Percentile(50));
            json.WriteNumber("p90Us", summary.Percentile(90));
            json.WriteNumber("p99Us", summary.Percentile(99));
            json.WriteNumber("p999Us", summary.Percentile(99.9));
            json.WriteNumber("maxUs", summary.Max);
            json.WriteNumber("errors", summary.Errors);
            json.WriteNumber("mismatches", summary.Mismatches);
            if (summary.ServerBytesPerRequest is double bytes)
            {
                json.WriteNumber("serverBytesPerRequest", Math.Round(bytes, 2));
            }
            else
            {
                json.WriteNull("serverBytesPerRequest");
            }

            bool open = summary.Mode.StartsWith("open", StringComparison.Ordinal);
            WriteNumberOrNull(json, "sendLagP50Us", open && summary.SendLag is { TotalCount: > 0 } lag50 ? lag50.GetValueAtPercentile(50) : null);
            WriteNumberOrNull(json, "sendLagP99Us", open && summary.SendLag is { TotalCount: > 0 } lag99 ? lag99.GetValueAtPercentile(99) : null);
            WriteNumberOrNull(json, "sendLagMaxUs", open && summary.SendLag is { TotalCount: > 0 } lagMax ? lagMax.GetMaxValue() : null);
            ServerDurations? window = summary.ServerDuration?.Window;
            WriteNumberOrNull(json, "serverRequests", window?.Count);
            WriteNumberOrNull(json, "serverP50Us", window?.QuantileMicroseconds(0.5) is double p50 ? Math.Round(p50, 1) : null);
            WriteNumberOrNull(json, "serverP99Us", window?.QuantileMicroseconds(0.99) is double p99 ? Math.Round(p99, 1) : null);

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
