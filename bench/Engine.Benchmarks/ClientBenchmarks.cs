using System.Net;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Engine.Host.Reload;
using Engine.Host.Server;
using Engine.Protocol;
using Engine.Protocol.Client;

namespace Engine.Benchmarks;

/// <summary>
/// <see cref="EngineClient"/> against the real server on loopback TCP in the same process: one
/// operation is one query; <see cref="Pipeline"/> queries are in flight at once on one connection.
/// The allocation column is process-wide (client and server); the server's own share is under one
/// byte per request (ServerAllocationTests).
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet's [GlobalCleanup] disposes the client and the server.")]
public class ClientBenchmarks
{
    private static readonly QueryContextEntry[] s_mfa =
    [
        QueryContextEntry.SingleValue("aws:username", "alice"),
        QueryContextEntry.SingleValue("aws:MultiFactorAuthPresent", "true"),
    ];

    private DecisionServer _server = null!;
    private EngineClient _client = null!;
    private ValueTask<DecisionResult>[] _inFlight = null!;

    /// <summary>Queries in flight at once.</summary>
    [Params(1, 64)]
    public int Pipeline { get; set; } = 64;

    [GlobalSetup]
    public void Setup()
    {
        _server = new DecisionServer(
            new PolicySourceHolder(BundleReload.Load([BundleReload.DefaultDirectory], deriveContext: false)),
            new ServerOptions { Listen = ListenAddress.Tcp(new IPEndPoint(IPAddress.Loopback, 0)) });
        _server.Start();
        _client = EngineClient.ConnectAsync(_server.LocalAddress).GetAwaiter().GetResult();
        _inFlight = new ValueTask<DecisionResult>[Pipeline];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>A batch of <see cref="Pipeline"/> queries, half allowed and half denied.</summary>
    [Benchmark(OperationsPerInvoke = 64)]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> PipelinedQueries()
    {
        // OperationsPerInvoke is a constant: with Pipeline = 1 the batch runs 64 times in sequence.
        int rounds = 64 / Pipeline;
        int allowed = 0;
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < _inFlight.Length; i++)
            {
#pragma warning disable CA2012 // Each ValueTask is awaited exactly once, below.
                _inFlight[i] = _client.QueryAsync(
                    "arn:aws:iam::111122223333:user/alice",
                    i % 2 == 0 ? "iam:GetUser" : "iam:DeleteUser",
                    "arn:aws:iam::111122223333:user/alice",
                    context: s_mfa);
#pragma warning restore CA2012
            }

            for (int i = 0; i < _inFlight.Length; i++)
            {
                allowed += (await _inFlight[i].ConfigureAwait(false)).IsAllowed ? 1 : 0;
                _inFlight[i] = default;
            }
        }

        return allowed;
    }
}
