using System.Buffers;
using Engine.Bundles;
using Engine.Host.Server;
using Engine.Protocol;
using Engine.Runtime.Evaluation;
using Engine.Testing.Bundles;
using static Engine.Host.Tests.Server.MfaQueries;

namespace Engine.Host.Tests.Server;

/// <summary>
/// A query whose policy set is still to be compiled is answered after a compile that runs off the
/// connection's thread: in order, without holding other connections, and failing closed.
/// </summary>
public sealed class FirstUseCompileTests
{
    [Fact]
    public async Task A_query_waiting_for_its_compile_holds_only_its_own_connection_and_keeps_order()
    {
        var source = new GatedSource(TestSources.Default(), gatedPrincipal: Bob);
        await using TestServer server = TestServer.Start(policies: new PolicySourceHolder(source));
        using RawConnection waiting = server.ConnectRaw();
        using RawConnection other = server.ConnectRaw();

        // One send: bob's query (its set "compiling"), then a ping behind it.
        waiting.Send([.. BobAllowed(1), .. Ping(2)]);
        Assert.True(await source.Deferred.Task.WaitAsync(TimeSpan.FromSeconds(10)), "the server never asked to defer");

        // Another connection is answered while the compile is pending.
        other.Send(AliceAllowed(3));
        var answer = Assert.IsType<DecisionResponse>(other.ReadResponse());
        Assert.Equal((3UL, Decision.Allow), (answer.RequestId, answer.Decision));

        // Nothing for the waiting connection yet: not even the ping, which came after the query.
        Assert.Equal(0, waiting.Socket.Available);

        source.Gate.SetResult();
        var bob = Assert.IsType<DecisionResponse>(waiting.ReadResponse());
        Assert.Equal((1UL, ResponseStatus.Ok, Decision.Allow), (bob.RequestId, bob.Status, bob.Decision));
        Assert.Equal(2UL, Assert.IsType<PongResponse>(waiting.ReadResponse()).RequestId);
    }

    [Fact]
    public async Task A_compile_that_fails_is_answered_InternalError_and_the_connection_stays_open()
    {
        var source = new GatedSource(TestSources.Default(), gatedPrincipal: Bob, compileFails: true);
        source.Gate.SetException(new InvalidOperationException("compile failed"));
        await using TestServer server = TestServer.Start(policies: new PolicySourceHolder(source));
        using RawConnection connection = server.ConnectRaw();

        connection.Send([.. BobAllowed(1), .. Ping(2), .. AliceAllowed(3)]);

        var bob = Assert.IsType<DecisionResponse>(connection.ReadResponse());
        Assert.Equal((1UL, ResponseStatus.InternalError, Decision.ImplicitDeny), (bob.RequestId, bob.Status, bob.Decision));
        Assert.Equal(2UL, Assert.IsType<PongResponse>(connection.ReadResponse()).RequestId);
        var alice = Assert.IsType<DecisionResponse>(connection.ReadResponse());
        Assert.Equal((3UL, Decision.Allow), (alice.RequestId, alice.Decision));
        Assert.Equal(1, source.Deferrals);
    }

    [Fact]
    public async Task A_bundle_combination_compiled_on_first_use_decides_like_a_precompiled_one()
    {
        const string Manifest = """
            {
              "format": 1,
              "users": { "arn:aws:iam::444455556666:user/dave": { "policies": ["allow-s3"] } },
              "resources": { "arn:aws:s3:::shared": "bucket" },
              "organization": { "accounts": { "111122223333": { "rcps": [["rcp-deny-s3"]] } } }
            }
            """;
        using var directory = new TempBundle(Manifest, TempBundle.StandardPolicies);
        BundleLoadResult loaded = BundleLoader.Load(directory.Directory);
        Assert.Empty(loaded.Errors);
        Bundle bundle = loaded.Bundle!;
        int compiledAtLoad = bundle.CompiledSetCount;
        await using TestServer server = TestServer.Start(policies: new PolicySourceHolder(new BundlePolicySource(bundle)));
        using RawConnection connection = server.ConnectRaw();

        // The first needs the bucket's policy and the RCP levels of account 1111…: not compiled at load.
        const string Dave = "arn:aws:iam::444455556666:user/dave";
        connection.Send([
            .. Query(1, Dave, "s3:GetObject", "arn:aws:s3:::shared/x", "111122223333"),
            .. Query(2, Dave, "s3:GetObject", "arn:aws:s3:::elsewhere/x", "444455556666"),
            .. Query(3, Dave, "s3:GetObject", "arn:aws:s3:::shared/y", "111122223333"),
        ]);

        Decision[] decisions = [.. Enumerable.Range(1, 3).Select(id =>
        {
            var response = Assert.IsType<DecisionResponse>(connection.ReadResponse());
            Assert.Equal(((ulong)id, ResponseStatus.Ok), (response.RequestId, response.Status));
            return response.Decision;
        })];
        Assert.Equal([Decision.ExplicitDeny, Decision.Allow, Decision.ExplicitDeny], decisions);
        Assert.Equal(compiledAtLoad + 1, bundle.CompiledSetCount);
    }

    private static byte[] BobAllowed(ulong id) =>
        Encode(id, Bob, "iam:DeactivateMFADevice", "arn:aws:iam::111122223333:user/bob", Context("bob", mfa: true));

    private static byte[] Ping(ulong id)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WritePing(buffer, id);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Query(ulong id, string principal, string action, string resource, string resourceAccount)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteQuery(buffer, id, principal, action, resource, resourceAccount, []);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A source that says one principal's set is compiling until <see cref="Gate"/> completes, and
    /// whose blocking resolve for it throws when the compile fails — as a bundle's cached Lazy does.
    /// </summary>
    private sealed class GatedSource(IPolicySource inner, string gatedPrincipal, bool compileFails = false) : IPolicySource
    {
        private int _deferrals;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> Deferred { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Deferrals => Volatile.Read(ref _deferrals);

        public ulong Revision => inner.Revision;

        public bool TryResolve(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, out CompiledPolicySet? policySet)
        {
            if (compileFails && principal.SequenceEqual(gatedPrincipal))
            {
                throw new InvalidOperationException("compile failed");
            }

            return inner.TryResolve(principal, resource, resourceAccount, out policySet);
        }

        public bool TryResolve(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, out CompiledPolicySet? policySet, out Task? pendingCompile)
        {
            if (principal.SequenceEqual(gatedPrincipal) && (compileFails || !Gate.Task.IsCompleted))
            {
                Interlocked.Increment(ref _deferrals);
                Deferred.TrySetResult(true);
                policySet = null;
                pendingCompile = Gate.Task;
                return true;
            }

            pendingCompile = null;
            return TryResolve(principal, resource, resourceAccount, out policySet);
        }
    }
}
