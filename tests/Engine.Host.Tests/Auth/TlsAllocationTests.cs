using Engine.Host.Server;
using Engine.Host.Tests.Server;
using Engine.Protocol;
using Engine.Runtime.Evaluation;
using Xunit.Abstractions;
using static Engine.Host.Tests.Server.MfaQueries;

namespace Engine.Host.Tests.Auth;

/// <summary>
/// What a warm TLS connection allocates per request, measured as <see cref="ServerAllocationTests"/>
/// measures plain TCP (process-wide bytes between two Stats frames, the client thread's own
/// subtracted). <c>SslStream</c> reads into and writes from the pipe's buffers without allocating
/// once warm: measured 0.018–0.26 B/request (one-offs of the process, as for plain TCP), so the
/// same bound as plain TCP holds (docs/benchmarks.md, "What TLS costs per request").
/// </summary>
[Collection(nameof(ProcessWideAllocationGroup))]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TlsAllocationTests(ITestOutputHelper output) : IDisposable
{
    private const int InFlight = 64;
    private const int Requests = 64_000;
    private readonly TestCertificates _pki = TestCertificates.Create();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task A_warm_server_allocates_less_than_one_byte_per_request_over_tls_with_a_client_certificate()
    {
        await using TestServer server = TestServer.Start(o => o with
        {
            Tls = new ServerTlsOptions
            {
                ServerCertificate = _pki.Server,
                ClientCertificateAuthorities = [_pki.Authority],
                AllowList = new ClientCertificateAllowList([TestCertificates.AllowedSubject], []),
            },
        });
        using StreamConnection client = StreamConnection.Tls(server.Address, _pki.Authority, _pki.AllowedClient);
        byte[] block = [.. Enumerable.Range(0, InFlight).SelectMany(i => AliceAllowed((ulong)i + 1))];
        client.Send(block);
        int responseBytes = 0;
        for (int i = 0; i < InFlight; i++)
        {
            DecisionResponse answer = Assert.IsType<DecisionResponse>(client.ReadResponse());
            Assert.Equal(Decision.Allow, answer.Decision);
            responseBytes += ProtocolConstants.HeaderSize + ProtocolConstants.DecisionFixedBodySize + System.Text.Encoding.UTF8.GetByteCount(answer.Sid);
        }

        byte[] responses = new byte[responseBytes];
        for (int i = 0; i < 1_000; i++)
        {
            RoundTrip(client, block, responses);
        }

        double perRequest = double.MaxValue;
        for (int window = 0; window < 3 && perRequest >= 1; window++)
        {
            ulong before = AllocatedBytes(client);
            long clientBefore = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Requests / InFlight; i++)
            {
                RoundTrip(client, block, responses);
            }

            long clientAllocated = GC.GetAllocatedBytesForCurrentThread() - clientBefore;
            ulong after = AllocatedBytes(client);
            double figure = (double)((long)(after - before) - clientAllocated) / Requests;
            output.WriteLine($"tls: {after - before} bytes process-wide for {Requests} requests, client thread {clientAllocated} B: {figure:F3} B/request on the server");
            perRequest = Math.Min(perRequest, figure);
        }

        Assert.True(perRequest < 1, $"the server allocated {perRequest:F3} bytes per request over TLS");
    }

    private static void RoundTrip(StreamConnection client, byte[] block, byte[] responses)
    {
        client.Send(block);
        Assert.True(client.TryReceiveExactly(responses), "the server closed the connection");
    }

    private static ulong AllocatedBytes(StreamConnection client)
    {
        client.Send(MfaQueries.Frame(FrameType.StatsRequest, FrameFlags.None, 99_999, []));
        return Assert.IsType<StatsResponse>(client.ReadResponse()).Get(StatsCounter.AllocatedBytes)!.Value;
    }
}
