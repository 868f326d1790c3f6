using System.Diagnostics;
using System.Diagnostics.Metrics;
using Engine.Host.Server;
using Engine.Protocol;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Host.Tests.Server;

public sealed class ServerMetricsTests
{
    [Fact]
    public async Task The_engine_host_meter_reports_requests_decisions_errors_and_latency()
    {
        var totals = new System.Collections.Concurrent.ConcurrentDictionary<string, double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Engine.Host")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string key = tags.Length == 0 ? instrument.Name : $"{instrument.Name}/{tags[0].Value}";
            totals.AddOrUpdate(key, value, (_, old) => old + value);
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => totals.AddOrUpdate(instrument.Name, 1, (_, old) => old + 1));
        listener.Start();

        await using TestServer server = TestServer.Start();
        await using (EngineClient client = await server.ConnectAsync())
        {
            await client.QueryAsync(MfaQueries.Alice, "iam:GetUser", "arn:aws:iam::111122223333:user/alice", context: MfaQueries.Context("alice", true));
            await client.QueryAsync("arn:aws:iam::1:user/x", "iam:GetUser", "*");
        }

        // Other servers in parallel tests share the meter name: require at least this test's share.
        Assert.True(totals.GetValueOrDefault("engine.requests") >= 2);
        Assert.True(totals.GetValueOrDefault("engine.decisions/Allow") >= 1);
        Assert.True(totals.GetValueOrDefault("engine.errors/UnknownPrincipal") >= 1);
        Assert.True(totals.GetValueOrDefault("engine.request.duration") >= 2);
    }

    [Fact]
    public void Recording_with_a_listener_attached_allocates_nothing_on_our_side()
    {
        // What a listener's own aggregation allocates is its business (dotnet-counters' is measured
        // in docs/server.md); the server's recording calls must not add to it.
        using var metrics = new ServerMetrics();
        var tally = new Engine.Gateway.Metrics.DurationTally();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServerMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        long sum = 0;
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref sum, value));
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref sum));
        listener.Start();
        Assert.True(metrics.LatencyEnabled);

        long allocated = Allocations.OfWarm(() =>
        {
            long started = Stopwatch.GetTimestamp();
            metrics.Request();
            metrics.Decision(Decision.Allow);
            metrics.Error(ResponseStatus.UnknownPrincipal);
            metrics.Latency(tally, started);
        });

        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }
}
