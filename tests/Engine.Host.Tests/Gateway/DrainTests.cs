using System.Net;
using System.Net.Sockets;
using Engine.Protocol;
using Grpc.Health.V1;
using Grpc.Net.Client;
using static Engine.Host.Tests.Gateway.GatewayFixture;

namespace Engine.Host.Tests.Gateway;

/// <summary>
/// The drain as a gateway sees it: after SIGTERM, <c>/readyz</c> and gRPC health say so while the
/// HTTP listeners still answer, for as long as a binary connection keeps the drain going.
/// </summary>
public class DrainTests
{
    [Fact]
    public async Task While_draining_readyz_is_503_and_grpc_health_is_not_serving_and_ready_before()
    {
        // Long drain and frame deadline: only the test's own client ends the drain.
        await using GatewayFixture engine = await StartAsync("--listen", "127.0.0.1:0", "--grpc", "127.0.0.1:0", "--drain-timeout", "300", "--frame-deadline", "300");
        using HttpClient http = engine.Client();
        using GrpcChannel channel = GrpcChannel.ForAddress(engine.GrpcAddress!);
        var health = new Health.HealthClient(channel);

        using (HttpResponseMessage ready = await http.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);

        // A binary client that sends queries and never reads an answer: once the socket buffers are
        // full the server's flush waits, so its connection cannot finish draining.
        var address = (IPEndPoint)ListenAddress.Parse(engine.BinaryAddress!).EndPoint;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(address);
        byte[] block = [.. Enumerable.Range(1, 64).SelectMany(i => Server.MfaQueries.Encode((ulong)i, Alice, "execute-api:Invoke", "arn:aws:execute-api:us-east-1:111122223333:local/default/GET/pets/1", []))];
        long blocksSent = 0;
        Task sender = Task.Run(() =>
        {
            try
            {
                while (true)
                {
                    socket.Send(block);
                    Interlocked.Increment(ref blocksSent);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The test closed the socket: the drain may end.
            }
        });
        for (int i = 0; i < 3000 && engine.Server!.ConnectionCount == 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, engine.Server!.ConnectionCount);

        // Stop only once the sender is stuck: the server stops reading only when its flush waits
        // (backpressure), so the connection cannot finish draining. On a busy machine the sender
        // may not have filled the buffers yet when the connection is counted, and a drain that
        // found nothing blocked would end at once and close the HTTP listener under the test.
        long seen = -1;
        for (int i = 0; i < 300 && Interlocked.Read(ref blocksSent) != seen; i++)
        {
            seen = Interlocked.Read(ref blocksSent);
            await Task.Delay(200);
        }

        engine.RequestStop();
        HttpResponseMessage? draining = null;
        for (int i = 0; i < 3000; i++)
        {
            draining = await http.GetAsync("/readyz");
            if (draining.StatusCode != HttpStatusCode.OK)
            {
                break;
            }

            draining.Dispose();
            await Task.Delay(10);
        }

        using (draining)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, draining!.StatusCode);
            Assert.Equal("draining\n", await draining.Content.ReadAsStringAsync());
        }

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.False(engine.Run.IsCompleted);

        // Still answering decisions: a gateway that has not yet seen the health change is not failed.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/v1/forward-auth/pets/1"))
        {
            request.Headers.Add("X-Principal-Arn", Alice);
            using HttpResponseMessage allowed = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // The client goes away: the drain ends, then HTTP stops, and the run exits 0.
        socket.Dispose();
        await sender.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, await engine.Run.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("engine serve: stopped", engine.Output.ToString(), StringComparison.Ordinal);
    }
}
