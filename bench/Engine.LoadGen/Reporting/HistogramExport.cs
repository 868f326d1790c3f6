using HdrHistogram;

namespace Engine.LoadGen.Reporting;

/// <summary>Writes the latency distribution as <c>.hgrm</c> and a plot as <c>.svg</c>.</summary>
internal static class HistogramExport
{
    /// <summary>Microseconds per millisecond: the .hgrm is written in milliseconds, as wrk2 writes it.</summary>
    public const double MicrosecondsPerMillisecond = 1000.0;

    /// <summary>Writes <paramref name="path"/> and <paramref name="path"/>.svg.</summary>
    /// <param name="summary">The run.</param>
    /// <param name="path">The .hgrm file.</param>
    public static void Write(LoadSummary summary, string path)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using (var writer = new StreamWriter(path))
        {
            WriteHgrm(summary.Latency, writer);
        }

        File.WriteAllText(path + ".svg", LatencyPlot.Render(summary));
    }

    /// <summary>HdrHistogram's percentile distribution text, values in milliseconds.</summary>
    /// <param name="latency">Microsecond histogram.</param>
    /// <param name="writer">Where to write.</param>
    public static void WriteHgrm(HistogramBase latency, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(latency);
        latency.OutputPercentileDistribution(writer, percentileTicksPerHalfDistance: 5, outputValueUnitScalingRatio: MicrosecondsPerMillisecond);
    }
}
