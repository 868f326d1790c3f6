using System.Globalization;

namespace Engine.Host.Tests.Gateway;

/// <summary>
/// A scrape in Prometheus's text format, read the way Prometheus reads it: one sample per line,
/// <c>name{label="value",…} number</c>; comment lines are skipped, a line that does not parse fails the test.
/// </summary>
internal sealed class PrometheusText
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);

    private PrometheusText()
    {
    }

    public IReadOnlyCollection<string> Series => _samples.Keys;

    public static PrometheusText Parse(string text)
    {
        var scrape = new PrometheusText();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int brace = line.IndexOf('{', StringComparison.Ordinal);
            int space = line.LastIndexOf(' ');
            Assert.True(space > 0, $"not a sample line: `{line}`");
            string name;
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (brace >= 0 && brace < space)
            {
                name = line[..brace];
                int close = line.LastIndexOf('}');
                Assert.True(close > brace, $"unclosed labels: `{line}`");
                foreach (string pair in SplitLabels(line[(brace + 1)..close]))
                {
                    int equals = pair.IndexOf('=', StringComparison.Ordinal);
                    Assert.True(equals > 0 && pair[equals + 1] == '"' && pair[^1] == '"', $"bad label `{pair}` in `{line}`");
                    labels.Add(pair[..equals], pair[(equals + 2)..^1]);
                }
            }
            else
            {
                name = line[..space];
            }

            string number = line[(space + 1)..];
            double value = number switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            Assert.True(scrape._samples.TryAdd(Key(name, labels), value), $"a series twice: `{line}`");
        }

        return scrape;
    }

    /// <summary>The sample of one series; fails when it is absent.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        string key = Key(name, new SortedDictionary<string, string>(labels.ToDictionary(l => l.Name, l => l.Value), StringComparer.Ordinal));
        Assert.True(_samples.TryGetValue(key, out double value), $"no series {key} in the scrape; it has: {string.Join(", ", _samples.Keys.Where(k => k.StartsWith(name, StringComparison.Ordinal)))}");
        return value;
    }

    /// <summary>The series of one metric name, with their labels.</summary>
    public IEnumerable<string> SeriesOf(string name) => _samples.Keys.Where(k => k == name || k.StartsWith(name + "{", StringComparison.Ordinal));

    private static string Key(string name, SortedDictionary<string, string> labels) =>
        labels.Count == 0 ? name : $"{name}{{{string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"))}}}";

    // Commas inside quoted values do not split.
    private static IEnumerable<string> SplitLabels(string text)
    {
        int start = 0;
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (text[i] == ',' && !quoted)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }
}
