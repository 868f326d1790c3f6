using System.Diagnostics;
using System.Diagnostics.Metrics;
using Engine.Gateway.Http;
using Engine.Gateway.Mapping;
using Engine.Gateway.Metrics;
using Engine.Host.Gateway;
using Engine.Host.Server;
using Engine.Host.Tests.Gateway;
using Engine.Protocol;
using Engine.Runtime.Evaluation;
using Xunit.Abstractions;
using static Engine.Host.Tests.Server.MfaQueries;

namespace Engine.Host.Tests.Server;

/// <summary>Runs alone: the server's figure is <c>GC.GetTotalAllocatedBytes</c> of the whole process.</summary>
[CollectionDefinition(nameof(ProcessWideAllocationGroup), DisableParallelization = true)]
public sealed class ProcessWideAllocationGroup;

/// <summary>
/// The allocation proof. The client is a blocking socket that sends one pre-encoded block of 64
/// queries and reads the answers into one reused buffer, so it allocates nothing in the measured
/// window (checked with <see cref="GC.GetAllocatedBytesForCurrentThread"/>, and subtracted should the
/// runtime allocate on that thread); what the process allocates between the two Stats frames is
/// therefore the server's (and the runtime's) doing.
/// </summary>
[Collection(nameof(ProcessWideAllocationGroup))]
public sealed class ServerAllocationTests(ITestOutputHelper output)
{
    private const int InFlight = 64;
    private const int Requests = 128_000;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_warm_server_allocates_less_than_one_byte_per_request(bool unix)
    {
        await using TestServer server = TestServer.Start(unix: unix);
        MeasureWarmServer(server, unix);
    }

    /// <summary>
    /// The same proof with every metric on: the server's series exported by a live <c>GET /metrics</c>
    /// (scraped before and after, so the counts are seen to move) and the <c>Engine.Host</c> meter's
    /// instruments enabled by a listener.
    /// </summary>
    [Fact]
    public async Task A_warm_server_allocates_less_than_one_byte_per_request_with_metrics_exported()
    {
        var metrics = new EngineMetrics();
        await using TestServer server = TestServer.Start(o => o with { Metrics = metrics });
        var state = new GatewayState();
        var endpoints = new GatewayEndpoints(new PolicyDecider(server.Server.Policies, Engine.Bundles.GlobalContextValidator.Strict), new RequestMapper(GatewayMapping.Default), state, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, metrics);
        await using GatewayHttpServer http = await GatewayHttpServer.StartAsync(
            new GatewayHttpOptions { Http = [ListenAddress.Parse("127.0.0.1:0")] }, endpoints, state, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, CancellationToken.None);
        using var scraper = new HttpClient { BaseAddress = new Uri(http.Addresses[0]) };

        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServerMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        long measurements = 0;
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref measurements));
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref measurements));
        listener.Start();

        PrometheusText before = await MetricsEndpointTests.ScrapeAsync(scraper);
        MeasureWarmServer(server, unix: false);
        PrometheusText after = await MetricsEndpointTests.ScrapeAsync(scraper);

        double Delta(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Assert.True(Delta("engine_decisions_total", ("transport", "binary"), ("outcome", "Allow")) >= Requests / 3);
        Assert.True(Delta("engine_decisions_total", ("transport", "binary"), ("outcome", "ExplicitDeny")) >= Requests / 3);
        Assert.True(Delta("engine_decisions_total", ("transport", "binary"), ("outcome", "Error")) >= Requests / 3);
        Assert.True(Delta("engine_request_duration_seconds_count", ("transport", "binary")) >= Requests);
        Assert.True(Interlocked.Read(ref measurements) >= Requests);
    }

    private void MeasureWarmServer(TestServer server, bool unix)
    {
        using RawConnection client = server.ConnectRaw();

        // 64 queries of three kinds (allow, explicit deny, unknown principal) in one block.
        byte[][] kinds =
        [
            AliceAllowed(1),
            Encode(2, Alice, "s3:GetObject", "arn:aws:s3:::bucket/key", Context("alice", mfa: false)),
            Encode(3, "arn:aws:iam::111122223333:user/nobody", "iam:GetUser", "*", Context("nobody", mfa: true)),
        ];
        byte[] block = [.. Enumerable.Range(0, InFlight).SelectMany(i => kinds[i % kinds.Length])];
        int responseBytes = MeasureResponseBytes(client, block);
        byte[] responses = new byte[responseBytes];

        // Warm-up: tiering, pipe segments, the pools and the socket's cached async state.
        for (int i = 0; i < 2_000; i++)
        {
            RoundTrip(client, block, responses);
        }

        Thread.Sleep(200);

        // Up to three measured windows, keeping the smallest: the figure is process-wide, so a
        // one-off (a timer of another test's server, a late tier-up) lands in one window only,
        // while a per-request allocation shows in every window.
        double perRequest = double.MaxValue;
        for (int window = 0; window < 3 && perRequest >= 1; window++)
        {
            perRequest = Math.Min(perRequest, MeasureWindow(client, block, responses, unix));
        }

        Assert.True(perRequest < 1, $"the server allocated {perRequest:F3} bytes per request");

        ulong[] stats = server.Server.GetStats();
        Assert.True(stats[(int)StatsCounter.DecisionsAllow] > (ulong)(Requests / 3));
        Assert.True(stats[(int)StatsCounter.DecisionsExplicitDeny] > (ulong)(Requests / 3));
        Assert.True(stats[(int)StatsCounter.ErrorsUnknownPrincipal] > (ulong)(Requests / 3));
    }

    private double MeasureWindow(RawConnection client, byte[] block, byte[] responses, bool unix)
    {
        ulong before = ReadAllocatedBytes(client);
        long clientBefore = GC.GetAllocatedBytesForCurrentThread();
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < Requests / InFlight; i++)
        {
            RoundTrip(client, block, responses);
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        long clientAllocated = GC.GetAllocatedBytesForCurrentThread() - clientBefore;
        ulong after = ReadAllocatedBytes(client);

        // The client's own thread-local bytes (normally 0; a rare runtime-internal one-off of a few
        // dozen bytes has been seen) are subtracted, so the figure is the server's.
        double perRequest = (double)((long)(after - before) - clientAllocated) / Requests;
        output.WriteLine($"{(unix ? "unix" : "tcp")}: {after - before} bytes for {Requests} requests = {perRequest:F4} B/request; " +
            $"client thread {clientAllocated} B; {Requests / elapsed.TotalSeconds:N0} requests/s with {InFlight} in flight on one connection");
        Assert.InRange(clientAllocated, 0, 1024);
        return perRequest;
    }

    private static void RoundTrip(RawConnection client, byte[] block, byte[] responses)
    {
        client.Send(block);
        if (!client.TryReceiveExactly(responses))
        {
            throw new InvalidOperationException("the server closed the connection");
        }
    }

    // Sends the block once and decodes its answers, checking them, to learn their total size.
    private static int MeasureResponseBytes(RawConnection client, byte[] block)
    {
        client.Send(block);
        int total = 0;
        for (int i = 0; i < InFlight; i++)
        {
            var response = Assert.IsType<DecisionResponse>(client.ReadResponse());
            Decision expected = (i % 3) switch { 0 => Decision.Allow, 1 => Decision.ExplicitDeny, _ => Decision.ImplicitDeny };
            Assert.Equal(expected, response.Decision);
            total += ProtocolConstants.HeaderSize + ProtocolConstants.DecisionFixedBodySize + System.Text.Encoding.UTF8.GetByteCount(response.Sid);
        }

        return total;
    }

    private static ulong ReadAllocatedBytes(RawConnection client)
    {
        client.Send(Frame(FrameType.StatsRequest, FrameFlags.None, 99, []));
        var stats = Assert.IsType<StatsResponse>(client.ReadResponse());
        return stats.Get(StatsCounter.AllocatedBytes)!.Value;
    }
}
