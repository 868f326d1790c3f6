using System.Runtime.CompilerServices;
using Engine.Host.Tests.Server;
using Engine.Protocol;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;
using Engine.Testing;
using Xunit.Abstractions;
using static Engine.Host.Tests.Server.MfaQueries;

namespace Engine.Host.Tests.Client;

/// <summary>
/// The client's allocation proof, against the real server on loopback: 64 queries in flight at a
/// time on one <see cref="EngineClient"/>. The figure is the whole process's
/// (<see cref="Allocations.OfWarmProcessWideAsync"/>): the client's callers, its sender and
/// receive loop, and the server, whose own share is proven below one byte per request by
/// <see cref="ServerAllocationTests"/>; so under one byte per query here means the client
/// allocates nothing per query.
/// </summary>
[Collection(nameof(ProcessWideAllocationGroup))]
public sealed class ClientAllocationTests(ITestOutputHelper output)
{
    private const int InFlight = 64;
    private const int Batches = 2_000;
    private static readonly QueryContextEntry[] s_mfa = Context("alice", mfa: true);
    private static readonly QueryContextEntry[] s_noMfa = Context("alice", mfa: false);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_warm_client_query_allocates_nothing(bool unix)
    {
        await using TestServer server = TestServer.Start(unix: unix);
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address);
        var driver = new Driver(client);

        // Off xunit's synchronization context, as a service's request handler would be.
        long allocated = await Task.Run(() => Allocations.OfWarmProcessWideAsync(driver.RunBatchAsync, Batches));
        double perQuery = (double)allocated / (Batches * InFlight);
        output.WriteLine($"{(unix ? "unix" : "tcp")}: {allocated} bytes for {Batches * InFlight} queries = {perQuery:F4} B/query (process-wide)");

        Assert.True(perQuery < 1, $"a warm query allocated {perQuery:F3} bytes");
        Assert.Equal(0, driver.Wrong);
        Assert.Equal(0, client.Outstanding);
    }

    private sealed class Driver(EngineClient client)
    {
        private readonly ValueTask<DecisionResult>[] _inFlight = new ValueTask<DecisionResult>[InFlight];

        public int Wrong { get; private set; }

        // Pooled: awaiting the batch allocates no state machine once warm.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        public async ValueTask RunBatchAsync()
        {
            for (int i = 0; i < InFlight; i++)
            {
#pragma warning disable CA2012 // Each ValueTask is awaited exactly once, in the loop below.
                _inFlight[i] = i % 2 == 0
                    ? client.QueryAsync(Alice, "iam:GetUser", "arn:aws:iam::111122223333:user/alice", context: s_mfa)
                    : client.QueryAsync(Alice, "s3:GetObject", "arn:aws:s3:::bucket/key", context: s_noMfa);
#pragma warning restore CA2012
            }

            for (int i = 0; i < InFlight; i++)
            {
                DecisionResult result = await _inFlight[i].ConfigureAwait(false);
                _inFlight[i] = default;
                if (result.Decision != (i % 2 == 0 ? Decision.Allow : Decision.ExplicitDeny) || result.Status != ResponseStatus.Ok)
                {
                    Wrong++;
                }
            }
        }
    }
}
