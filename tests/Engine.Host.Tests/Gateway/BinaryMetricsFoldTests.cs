using System.Diagnostics;
using System.Globalization;
using Engine.Gateway.Metrics;
using Engine.Host.Server;
using Engine.Protocol;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;
using static Engine.Host.Tests.Gateway.GatewayFixture;

namespace Engine.Host.Tests.Gateway;

/// <summary>
/// The binary transport's series of <c>GET /metrics</c> are not recorded into shared instruments:
/// each connection counts into its own plain counters and <see cref="DurationTally"/>, and a scrape
/// folds them in. These tests pin what the fold must keep: a closed connection's counts, one
/// duration per answer, and the exact bucket counts and sum of what was recorded.
/// </summary>
public class BinaryMetricsFoldTests
{
    private const string PetsGet = "arn:aws:execute-api:us-east-1:111122223333:local/default/GET/pets/1";
    private const string PetsDelete = "arn:aws:execute-api:us-east-1:111122223333:local/default/DELETE/pets/1";
    private const string Mallory = "arn:aws:iam::111122223333:user/mallory";

    private static double Binary(PrometheusText scrape, string outcome) =>
        scrape.Value("engine_decisions_total", ("transport", "binary"), ("outcome", outcome));

    private static double BinaryCount(PrometheusText scrape) =>
        scrape.Value("engine_request_duration_seconds_count", ("transport", "binary"));

    // A closed connection is folded in by the server's close path, after the client has gone.
    private static async Task WaitForNoConnectionsAsync(DecisionServer server)
    {
        for (int i = 0; i < 1_000 && server.ConnectionCount > 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task Counts_of_a_closed_binary_connection_stay_in_metrics()
    {
        await using GatewayFixture engine = await StartAsync("--listen", "127.0.0.1:0");
        using HttpClient http = engine.Client();
        DecisionServer server = engine.Server!;

        // Scraped while open, so the closed connection's counts are seen both live and folded.
        await using (EngineClient first = await EngineClient.ConnectAsync(engine.BinaryAddress!))
        {
            Assert.True((await first.QueryAsync(Alice, "execute-api:Invoke", PetsGet)).IsAllowed);
            Assert.True((await first.QueryAsync(Alice, "execute-api:Invoke", PetsGet)).IsAllowed);
            Assert.Equal(Decision.ExplicitDeny, (await first.QueryAsync(Alice, "execute-api:Invoke", PetsDelete)).Decision);
            Assert.Equal(ResponseStatus.UnknownPrincipal, (await first.QueryAsync(Mallory, "execute-api:Invoke", PetsGet)).Status);
            Assert.Equal(4, BinaryCount(await MetricsEndpointTests.ScrapeAsync(http)));
        }

        await WaitForNoConnectionsAsync(server);
        await using (EngineClient second = await EngineClient.ConnectAsync(engine.BinaryAddress!))
        {
            Assert.True((await second.QueryAsync(Alice, "execute-api:Invoke", PetsGet)).IsAllowed);
            PrometheusText open = await MetricsEndpointTests.ScrapeAsync(http);
            Assert.Equal(3, Binary(open, "Allow"));
            Assert.Equal(1, Binary(open, "ExplicitDeny"));
            Assert.Equal(1, Binary(open, "Error"));
            Assert.Equal(5, BinaryCount(open));
        }

        // Both closed: nothing lost, nothing counted twice.
        await WaitForNoConnectionsAsync(server);
        PrometheusText closed = await MetricsEndpointTests.ScrapeAsync(http);
        Assert.Equal(3, Binary(closed, "Allow"));
        Assert.Equal(1, Binary(closed, "ExplicitDeny"));
        Assert.Equal(0, Binary(closed, "ImplicitDeny"));
        Assert.Equal(1, Binary(closed, "Error"));
        Assert.Equal(5, BinaryCount(closed));
        Assert.Equal(5, closed.Value("engine_request_duration_seconds_bucket", ("transport", "binary"), ("le", "+Inf")));
    }

    [Fact]
    public async Task The_binary_duration_histogram_counts_every_decision_answered()
    {
        await using GatewayFixture engine = await StartAsync("--listen", "127.0.0.1:0");
        using HttpClient http = engine.Client();

        // Three connections at once, one closed before the scrape; pipelined queries of three outcomes.
        const int PerConnection = 300;
        EngineClient[] clients = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => EngineClient.ConnectAsync(engine.BinaryAddress!)));
        try
        {
            await Task.WhenAll(clients.Select(async client =>
            {
                var answers = new Task<DecisionResult>[PerConnection];
                for (int i = 0; i < PerConnection; i++)
                {
                    answers[i] = (i % 3) switch
                    {
                        0 => client.QueryAsync(Alice, "execute-api:Invoke", PetsGet).AsTask(),
                        1 => client.QueryAsync(Alice, "execute-api:Invoke", PetsDelete).AsTask(),
                        _ => client.QueryAsync(Mallory, "execute-api:Invoke", PetsGet).AsTask(),
                    };
                }

                await Task.WhenAll(answers);
            }));
            await clients[0].DisposeAsync();
            for (int i = 0; i < 200 && engine.Server!.ConnectionCount > 2; i++)
            {
                await Task.Delay(10);
            }

            PrometheusText scrape = await MetricsEndpointTests.ScrapeAsync(http);
            double decided = Binary(scrape, "Allow") + Binary(scrape, "ExplicitDeny") + Binary(scrape, "ImplicitDeny") + Binary(scrape, "Error");
            Assert.Equal(3 * PerConnection, decided);
            Assert.Equal(decided, BinaryCount(scrape));

            // Cumulative buckets: never decreasing in le, +Inf the count; the sum is a real duration.
            var buckets = scrape.SeriesOf("engine_request_duration_seconds_bucket")
                .Where(series => series.Contains("transport=binary", StringComparison.Ordinal))
                .Select(series => (Le: LeOf(series), Count: scrape.Value("engine_request_duration_seconds_bucket", ("le", LeText(series)), ("transport", "binary"))))
                .OrderBy(b => b.Le)
                .ToList();
            Assert.Equal(EngineMetrics.DurationBuckets.Count + 1, buckets.Count);
            for (int i = 1; i < buckets.Count; i++)
            {
                Assert.True(buckets[i].Count >= buckets[i - 1].Count, $"bucket le={buckets[i].Le} below le={buckets[i - 1].Le}");
            }

            Assert.Equal(decided, buckets[^1].Count);
            Assert.InRange(scrape.Value("engine_request_duration_seconds_sum", ("transport", "binary")), double.Epsilon, decided);
        }
        finally
        {
            foreach (EngineClient client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_folded_tally_is_exported_with_exact_bucket_counts_and_sum()
    {
        var metrics = new EngineMetrics();
        var tally = new DurationTally();
        metrics.For(DecisionTransport.Binary).AddFoldedSource(totals => tally.AddTo(totals.Durations));
        static long Ticks(double seconds) => (long)Math.Round(seconds * Stopwatch.Frequency);

        // On a bound (le is inclusive), just over one, and over the last.
        tally.RecordTicks(Ticks(0.000_003));
        tally.RecordTicks(Ticks(0.000_003));
        tally.RecordTicks(Ticks(0.000_12));
        tally.RecordTicks(Ticks(2));
        PrometheusText first = await ScrapeAsync(metrics);
        Assert.Equal(0, Bucket(first, 0.000_002_5));
        Assert.Equal(2, Bucket(first, 0.000_003));
        Assert.Equal(2, Bucket(first, 0.000_1));
        Assert.Equal(3, Bucket(first, 0.000_15));
        Assert.Equal(3, Bucket(first, 1));
        Assert.Equal(4, first.Value("engine_request_duration_seconds_bucket", ("le", "+Inf"), ("transport", "binary")));
        Assert.Equal(4, first.Value("engine_request_duration_seconds_count", ("transport", "binary")));
        Assert.Equal(2.000_126, first.Value("engine_request_duration_seconds_sum", ("transport", "binary")), 9);

        // A second fold adds only what is new.
        tally.RecordTicks(Ticks(0.000_01));
        PrometheusText second = await ScrapeAsync(metrics);
        Assert.Equal(3, Bucket(second, 0.000_01));
        Assert.Equal(5, second.Value("engine_request_duration_seconds_count", ("transport", "binary")));
        Assert.Equal(2.000_136, second.Value("engine_request_duration_seconds_sum", ("transport", "binary")), 9);

        // The other transports are untouched.
        Assert.Equal(0, second.Value("engine_request_duration_seconds_count", ("transport", "json")));
    }

    private static async Task<PrometheusText> ScrapeAsync(EngineMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return PrometheusText.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static double Bucket(PrometheusText scrape, double le)
    {
        string series = Assert.Single(scrape.SeriesOf("engine_request_duration_seconds_bucket"), s => s.Contains("transport=binary", StringComparison.Ordinal) && LeOf(s) == le);
        return scrape.Value("engine_request_duration_seconds_bucket", ("le", LeText(series)), ("transport", "binary"));
    }

    private static string LeText(string series)
    {
        int at = series.IndexOf("le=", StringComparison.Ordinal) + 3;
        return series[at..series.IndexOfAny([',', '}'], at)];
    }

    private static double LeOf(string series) =>
        LeText(series) is "+Inf" ? double.PositiveInfinity : double.Parse(LeText(series), NumberStyles.Float, CultureInfo.InvariantCulture);
}
