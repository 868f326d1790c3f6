using System.Globalization;
using System.Security;
using System.Text;
using HdrHistogram;
using HdrHistogram.Iteration;

namespace Engine.LoadGen.Reporting;

/// <summary>
/// Latency by percentile as hand-written SVG, drawn like HdrHistogram's plotter: the x axis is
/// log-scaled in "nines" (position = log10(1 / (1 − p)), so 0 %, 90 %, 99 %, 99.9 %, 99.99 % are
/// evenly spaced) and the y axis is linear latency in microseconds.
/// </summary>
internal static class LatencyPlot
{
    private const double Width = 800;
    private const double Height = 480;
    private const double Left = 80;
    private const double Right = 30;
    private const double Top = 50;
    private const double Bottom = 60;

    /// <summary>The SVG document.</summary>
    /// <param name="summary">The run.</param>
    /// <returns>SVG text.</returns>
    public static string Render(LoadSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        HistogramBase latency = summary.Latency;
        CultureInfo c = CultureInfo.InvariantCulture;

        // Enough nines to show the tail the sample size supports: 2 (99 %) up to 5 (99.999 %).
        int nines = latency.TotalCount == 0 ? 2 : Math.Clamp((int)Math.Ceiling(Math.Log10(latency.TotalCount)), 2, 5);
        long max = Math.Max(1, summary.Max);
        double yMax = NiceCeiling(max * 1.05);
        double plotWidth = Width - Left - Right;
        double plotHeight = Height - Top - Bottom;
        double X(double nine) => Left + (Math.Min(nine, nines) / nines * plotWidth);
        double Y(double micros) => Top + plotHeight - (micros / yMax * plotHeight);

        var svg = new StringBuilder();
        svg.AppendLine(c, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine("  <title>Latency by percentile</title>");
        svg.AppendLine(c, $"""  <rect x="0" y="0" width="{Width}" height="{Height}" fill="white"/>""");
        svg.AppendLine(c, $"""  <text x="{Width / 2}" y="22" text-anchor="middle" font-size="15">{Escape($"Latency by percentile — {summary.Mode}")}</text>""");
        svg.AppendLine(c, $"""  <text x="{Width / 2}" y="38" text-anchor="middle" fill="#555">{Escape(string.Create(c, $"{summary.Requests:N0} requests in {summary.Seconds:0.###} s, p50 {summary.Percentile(50):N0} µs, p99 {summary.Percentile(99):N0} µs, max {summary.Max:N0} µs"))}</text>""");

        // Grid and axes: y every fifth of the range, x at each nine.
        for (int i = 0; i <= 5; i++)
        {
            double value = yMax * i / 5;
            double y = Y(value);
            svg.AppendLine(c, $"""  <line x1="{Left}" y1="{y:0.##}" x2="{Width - Right}" y2="{y:0.##}" stroke="#ddd"/>""");
            svg.AppendLine(c, $"""  <text x="{Left - 6}" y="{y + 4:0.##}" text-anchor="end">{value:N0}</text>""");
        }

        for (int nine = 0; nine <= nines; nine++)
        {
            double x = X(nine);
            string label = nine == 0 ? "0%" : (100 - (100 / Math.Pow(10, nine))).ToString("0.#####", c) + "%";
            svg.AppendLine(c, $"""  <line x1="{x:0.##}" y1="{Top}" x2="{x:0.##}" y2="{Top + plotHeight}" stroke="#ddd"/>""");
            svg.AppendLine(c, $"""  <text x="{x:0.##}" y="{Top + plotHeight + 18}" text-anchor="middle">{label}</text>""");
        }

        svg.AppendLine(c, $"""  <line x1="{Left}" y1="{Top + plotHeight}" x2="{Width - Right}" y2="{Top + plotHeight}" stroke="black"/>""");
        svg.AppendLine(c, $"""  <line x1="{Left}" y1="{Top}" x2="{Left}" y2="{Top + plotHeight}" stroke="black"/>""");
        svg.AppendLine(c, $"""  <text x="{Left + (plotWidth / 2)}" y="{Height - 14}" text-anchor="middle">percentile (log scale: each step is one more nine)</text>""");
        svg.AppendLine(c, $"""  <text x="18" y="{Top + (plotHeight / 2)}" text-anchor="middle" transform="rotate(-90 18 {Top + (plotHeight / 2)})">latency (µs)</text>""");

        if (latency.TotalCount > 0)
        {
            var points = new StringBuilder();
            foreach (HistogramIterationValue value in latency.Percentiles(5))
            {
                double p = value.PercentileLevelIteratedTo / 100;
                double nine = p >= 1 ? nines : Math.Log10(1 / (1 - p));
                points.Append(c, $"{X(nine):0.##},{Y(value.ValueIteratedTo):0.##} ");
                if (nine >= nines)
                {
                    break;
                }
            }

            svg.AppendLine(c, $"""  <polyline fill="none" stroke="#1f77b4" stroke-width="2" points="{points.ToString().TrimEnd()}"/>""");
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Escape(string text) => SecurityElement.Escape(text);

    // 1, 2 or 5 times a power of ten, at least `value`: round numbers on the axis.
    private static double NiceCeiling(double value)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }
}
