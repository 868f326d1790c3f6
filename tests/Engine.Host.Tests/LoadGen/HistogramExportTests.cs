using System.Globalization;
using System.Xml.Linq;
using Engine.LoadGen.Reporting;
using HdrHistogram;

namespace Engine.Host.Tests.LoadGen;

public class HistogramExportTests
{
    private static LoadSummary Sample()
    {
        var latency = new LongHistogram(3_600_000_000, 3);
        for (int i = 1; i <= 10_000; i++)
        {
            latency.RecordValue(i % 100 == 0 ? 5_000 : 40 + (i % 17));
        }

        return new LoadSummary { Mode = "closed loop, 1 connection(s) × 1 in flight", Requests = latency.TotalCount, Seconds = 1, Latency = latency, Errors = 0, Mismatches = 0 };
    }

    [Fact]
    public void The_hgrm_is_HdrHistograms_percentile_distribution_in_milliseconds()
    {
        var text = new StringWriter();
        HistogramExport.WriteHgrm(Sample().Latency, text);
        string[] lines = text.ToString().Split('\n', StringSplitOptions.TrimEntries);

        Assert.Equal("Value     Percentile TotalCount 1/(1-Percentile)", lines[0]);
        Assert.StartsWith("#[Mean", lines.First(l => l.StartsWith("#[Mean", StringComparison.Ordinal)), StringComparison.Ordinal);
        string max = lines.Single(l => l.StartsWith("#[Max", StringComparison.Ordinal));
        Assert.Matches(@"^#\[Max\s+=\s+5\.00\d, Total count\s+=\s+10000\]$", max);

        // Data lines: value (ms), percentile (0..1), cumulative count, 1/(1-p); percentiles rise.
        double[] percentiles = [.. lines.Skip(1).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => double.Parse(f[1], CultureInfo.InvariantCulture))];
        Assert.True(percentiles.Length > 10);
        Assert.Equal(percentiles.Order(), percentiles);
        Assert.Equal(1.0, percentiles[^1]);
    }

    [Fact]
    public void The_svg_is_well_formed_with_a_curve_on_a_nines_axis()
    {
        XDocument svg = XDocument.Parse(LatencyPlot.Render(Sample()));
        XNamespace ns = "http://www.w3.org/2000/svg";

        Assert.Equal(ns + "svg", svg.Root!.Name);
        string[] labels = [.. svg.Descendants(ns + "text").Select(t => t.Value)];
        Assert.Contains("0%", labels);
        Assert.Contains("90%", labels);
        Assert.Contains("99%", labels);
        Assert.Contains("99.9%", labels);
        Assert.Contains("99.99%", labels);
        string[] points = svg.Descendants(ns + "polyline").Single().Attribute("points")!.Value.Split(' ');
        Assert.True(points.Length > 10);

        // Screen y falls as latency rises: the curve never goes down from left to right.
        double[] ys = [.. points.Select(p => double.Parse(p.Split(',')[1], CultureInfo.InvariantCulture))];
        Assert.True(ys.Zip(ys.Skip(1)).All(pair => pair.Second <= pair.First));
    }

    [Fact]
    public void An_empty_run_still_plots()
    {
        var empty = new LoadSummary { Mode = "m", Requests = 0, Seconds = 1, Latency = new LongHistogram(3_600_000_000, 3), Errors = 0, Mismatches = 0 };
        Assert.NotNull(XDocument.Parse(LatencyPlot.Render(empty)).Root);
    }
}
