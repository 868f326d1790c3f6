using Engine.LoadGen.Cli;
using Engine.LoadGen.Reporting;

namespace Engine.Host.Tests.LoadGen;

/// <summary>The server-side durations the load generator reads from <c>/metrics</c>: parsing, the window's delta, and the quantile estimate.</summary>
public class ServerDurationsTests
{
    private static string Scrape(params (string Le, double Count)[] buckets) =>
        "# HELP engine_request_duration_seconds x\n# TYPE engine_request_duration_seconds histogram\n"
        + string.Concat(buckets.Select(b => $"engine_request_duration_seconds_bucket{{transport=\"binary\",le=\"{b.Le}\"}} {b.Count}\n"))
        + "engine_request_duration_seconds_bucket{transport=\"json\",le=\"+Inf\"} 99\n"
        + $"engine_request_duration_seconds_count{{transport=\"binary\"}} {buckets[^1].Count}\n";

    [Fact]
    public void Quantiles_come_from_the_window_between_two_scrapes_interpolated_inside_a_bucket()
    {
        ServerDurations before = ServerDurations.Parse(Scrape(("1E-05", 10), ("2E-05", 10), ("0.0001", 10), ("+Inf", 10)), "binary")!;
        ServerDurations after = ServerDurations.Parse(Scrape(("1E-05", 60), ("2E-05", 109), ("0.0001", 110), ("+Inf", 110)), "binary")!;
        ServerDurations window = ServerDurations.Between(before, after)!;

        Assert.Equal(100, window.Count);

        // 50 of the 100 are ≤ 10 µs: the median is at that bound; 99 are ≤ 20 µs; the last one is in (20, 100] µs.
        Assert.Equal(10, window.QuantileMicroseconds(0.5)!.Value, 6);
        Assert.Equal(20, window.QuantileMicroseconds(0.99)!.Value, 6);
        Assert.Equal(15, window.QuantileMicroseconds(0.745)!.Value, 6);
        Assert.Equal(100, window.QuantileMicroseconds(1)!.Value, 6);
    }

    [Fact]
    public void A_rank_past_the_last_bound_reads_as_that_bound_and_an_empty_window_as_nothing()
    {
        ServerDurations over = ServerDurations.Parse(Scrape(("0.001", 1), ("1", 1), ("+Inf", 4)), "binary")!;
        Assert.Equal(1_000_000, over.QuantileMicroseconds(0.99)!.Value, 6);
        Assert.Null(ServerDurations.Between(over, over)!.QuantileMicroseconds(0.5));
    }

    [Fact]
    public void Another_transport_another_bucket_layout_or_a_restart_gives_no_window()
    {
        Assert.Null(ServerDurations.Parse(Scrape(("1E-05", 1), ("+Inf", 1)), "ext-authz"));
        ServerDurations two = ServerDurations.Parse(Scrape(("1E-05", 5), ("+Inf", 5)), "binary")!;
        ServerDurations three = ServerDurations.Parse(Scrape(("1E-05", 5), ("2E-05", 5), ("+Inf", 5)), "binary")!;
        Assert.Null(ServerDurations.Between(two, three));
        Assert.Null(ServerDurations.Between(two, ServerDurations.Parse(Scrape(("1E-05", 1), ("+Inf", 1)), "binary")!));
    }

    [Theory]
    [InlineData("https://127.0.0.1:7071/metrics", "http:// URL")]
    [InlineData("http://10.0.0.1:7071/metrics", "loopback")]
    [InlineData("127.0.0.1:7071", "http:// URL")]
    public void The_metrics_url_must_be_plain_http_on_loopback(string url, string message) =>
        Assert.Contains(message, Assert.Throws<UsageException>(() => LoadGenOptions.Parse(["--connect", "127.0.0.1:7070", "--metrics-url", url])).Message, StringComparison.Ordinal);

    [Fact]
    public void The_metrics_url_is_for_a_binary_run_against_a_server_given_with_connect()
    {
        Assert.Equal(new Uri("http://127.0.0.1:7071/metrics"), LoadGenOptions.Parse(["--connect", "127.0.0.1:7070", "--metrics-url", "http://127.0.0.1:7071/metrics"]).MetricsUrl);
        Assert.Throws<UsageException>(() => LoadGenOptions.Parse(["--spawn", "--metrics-url", "http://127.0.0.1:7071/metrics"]));
        Assert.Throws<UsageException>(() => LoadGenOptions.Parse(["--connect", "127.0.0.1:7070", "--protocol", "http", "--metrics-url", "http://127.0.0.1:7071/metrics"]));
    }
}
