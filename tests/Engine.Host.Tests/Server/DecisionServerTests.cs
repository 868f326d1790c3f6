using Engine.Host.Server;
using Engine.Protocol;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;
using static Engine.Host.Tests.Server.MfaQueries;

namespace Engine.Host.Tests.Server;

public sealed class DecisionServerTests
{
    public static TheoryData<string, bool, Decision, string> AliceCases => new()
    {
        { "iam:DeactivateMFADevice", true, Decision.Allow, "AllowManageOwnUserMFA" },
        { "iam:DeactivateMFADevice", false, Decision.ExplicitDeny, "DenyAllExceptListedIfNoMFA" },
        { "iam:ListVirtualMFADevices", false, Decision.Allow, "AllowViewAccountInfo" },
        { "iam:GetUser", false, Decision.Allow, "AllowManageOwnUserMFA" },
        { "s3:GetObject", true, Decision.ImplicitDeny, "" },
        { "s3:GetObject", false, Decision.ExplicitDeny, "DenyAllExceptListedIfNoMFA" },
    };

    [Theory]
    [MemberData(nameof(AliceCases))]
    public async Task Alice_gets_the_mfa_policy_decisions_over_tcp(string action, bool mfa, Decision expected, string sid)
    {
        await using TestServer server = TestServer.Start();
        await using EngineClient client = await server.ConnectAsync();
        DecisionResult response = await client.QueryAsync(Alice, action, "arn:aws:iam::111122223333:user/alice", context: Context("alice", mfa));
        Assert.Equal(ResponseStatus.Ok, response.Status);
        Assert.Equal(expected, response.Decision);
        Assert.Equal(sid, response.Sid);
        Assert.Equal(expected == Decision.ImplicitDeny, response.Statement is null);
        Assert.Equal(1UL, response.Revision);
    }

    [Fact]
    public async Task Alice_gets_her_decisions_over_a_unix_socket()
    {
        await using TestServer server = TestServer.Start(unix: true);
        Assert.True(server.Address.IsUnix);
        await using EngineClient client = await server.ConnectAsync();
        DecisionResult allowed = await client.QueryAsync(Alice, "iam:EnableMFADevice", "arn:aws:iam::111122223333:user/alice", context: Context("alice", true));
        DecisionResult otherUser = await client.QueryAsync(Alice, "iam:EnableMFADevice", "arn:aws:iam::111122223333:user/bob", context: Context("alice", true));
        Assert.Equal((ResponseStatus.Ok, Decision.Allow), (allowed.Status, allowed.Decision));
        Assert.Equal((ResponseStatus.Ok, Decision.ImplicitDeny), (otherUser.Status, otherUser.Decision));
        Assert.Equal(1UL, (await client.PingAsync()).Revision);
    }

    [Fact]
    public async Task An_unknown_principal_is_denied_with_status_UnknownPrincipal()
    {
        await using TestServer server = TestServer.Start();
        await using EngineClient client = await server.ConnectAsync();
        DecisionResult response = await client.QueryAsync(
            "arn:aws:iam::111122223333:user/mallory", "iam:ListVirtualMFADevices", "*", context: Context("mallory", true));
        Assert.Equal(ResponseStatus.UnknownPrincipal, response.Status);
        Assert.Equal(Decision.ImplicitDeny, response.Decision);
        Assert.Null(response.Statement);
    }

    [Fact]
    public async Task A_request_the_engine_calls_malformed_is_denied_with_status_Malformed()
    {
        await using TestServer server = TestServer.Start();
        await using EngineClient client = await server.ConnectAsync();
        QueryContextEntry[] duplicate = [QueryContextEntry.SingleValue("aws:username", "alice"), QueryContextEntry.SingleValue("AWS:UserName", "bob")];
        DecisionResult badAction = await client.QueryAsync(Alice, "iam*", "*", context: Context("alice", true));
        DecisionResult duplicateKey = await client.QueryAsync(Alice, "iam:GetUser", "*", context: duplicate);
        Assert.Equal((ResponseStatus.Malformed, Decision.ImplicitDeny), (badAction.Status, badAction.Decision));
        Assert.Equal((ResponseStatus.Malformed, Decision.ImplicitDeny), (duplicateKey.Status, duplicateKey.Decision));
    }

    [Fact]
    public async Task A_thousand_pipelined_requests_on_one_connection_each_get_their_own_answer()
    {
        await using TestServer server = TestServer.Start();
        await using EngineClient client = await server.ConnectAsync();
        Task<DecisionResult>[] calls = new Task<DecisionResult>[1_000];
        for (int i = 0; i < calls.Length; i++)
        {
            // Even requests are allowed, odd ones come from an unknown principal: a mixed-up id shows.
            calls[i] = i % 2 == 0
                ? client.QueryAsync(Alice, "iam:GetUser", "arn:aws:iam::111122223333:user/alice", context: Context("alice", true)).AsTask()
                : client.QueryAsync($"arn:aws:iam::111122223333:user/u{i}", "iam:GetUser", "*", context: Context("x", true)).AsTask();
        }

        DecisionResult[] responses = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(calls.Length, responses.Select(r => r.RequestId).Distinct().Count());
        for (int i = 0; i < responses.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? ResponseStatus.Ok : ResponseStatus.UnknownPrincipal, responses[i].Status);
            Assert.Equal(i % 2 == 0 ? Decision.Allow : Decision.ImplicitDeny, responses[i].Decision);
        }
    }

    [Fact]
    public async Task Sixteen_connections_are_served_concurrently()
    {
        await using TestServer server = TestServer.Start();
        const int PerConnection = 200;
        async Task<int> RunOne(int connection)
        {
            await using EngineClient client = await server.ConnectAsync();
            string user = connection % 2 == 0 ? "alice" : "bob";
            string principal = connection % 2 == 0 ? Alice : Bob;
            var calls = new List<Task<DecisionResult>>();
            for (int i = 0; i < PerConnection; i++)
            {
                calls.Add(client.QueryAsync(principal, "iam:ResyncMFADevice", $"arn:aws:iam::111122223333:user/{user}", context: Context(user, mfa: i % 3 != 0)).AsTask());
            }

            DecisionResult[] responses = await Task.WhenAll(calls);
            for (int i = 0; i < responses.Length; i++)
            {
                // ResyncMFADevice is in the deny's NotAction list: allowed with or without MFA.
                Assert.Equal(Decision.Allow, responses[i].Decision);
            }

            return responses.Length;
        }

        int[] counts = await Task.WhenAll(Enumerable.Range(0, 16).Select(RunOne)).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.All(counts, c => Assert.Equal(PerConnection, c));
        ulong[] stats = server.Server.GetStats();
        Assert.Equal(16UL * PerConnection, stats[(int)StatsCounter.DecisionsAllow]);
        Assert.Equal(16UL, stats[(int)StatsCounter.TotalConnections]);
    }

    [Fact]
    public async Task Ping_and_stats_report_revision_and_counters_and_reload_swaps_the_source()
    {
        IPolicySource first = TestSources.Default(revision: 7);
        var holder = new PolicySourceHolder(first, current => TestSources.Default(current.Revision + 1));
        await using TestServer server = TestServer.Start(policies: holder);
        await using EngineClient client = await server.ConnectAsync();
        Assert.Equal(7UL, (await client.PingAsync()).Revision);
        await client.QueryAsync(Alice, "iam:GetUser", "*", context: Context("alice", false));

        Assert.True(server.Server.Reload());
        Assert.Equal(8UL, (await client.PingAsync()).Revision);
        DecisionResult afterReload = await client.QueryAsync(Bob, "iam:GetUser", "arn:aws:iam::111122223333:user/bob", context: Context("bob", true));
        Assert.Equal((Decision.Allow, 8UL), (afterReload.Decision, afterReload.Revision));

        StatsResponse stats = await client.StatsAsync();
        Assert.Equal(5UL, stats.Get(StatsCounter.Requests));
        Assert.Equal(1UL, stats.Get(StatsCounter.DecisionsImplicitDeny));
        Assert.Equal(1UL, stats.Get(StatsCounter.DecisionsAllow));
        Assert.Equal(1UL, stats.Get(StatsCounter.CurrentConnections));
        Assert.Equal(8UL, stats.Get(StatsCounter.CurrentRevision));
        Assert.True(stats.Get(StatsCounter.AllocatedBytes) > 0);

        // The default bundle's compiled sets: a few kilobytes (the MFA policy, two principals). The
        // figure is the last walk's, made on the thread pool (CompiledBytesMeter): ask until one has ended.
        ulong compiledBytes = stats.Get(StatsCounter.CompiledBytes)!.Value;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); compiledBytes == 0 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(20);
            compiledBytes = (await client.StatsAsync()).Get(StatsCounter.CompiledBytes)!.Value;
        }

        Assert.InRange(compiledBytes, 1_000UL, 1_000_000UL);
    }

    [Fact]
    public void Listen_addresses_parse_tcp_ipv6_and_unix()
    {
        Assert.Equal("127.0.0.1:7070", ListenAddress.Parse("127.0.0.1:7070").ToString());
        Assert.Equal("[::1]:80", ListenAddress.Parse("[::1]:80").ToString());
        Assert.Equal("127.0.0.1:9", ListenAddress.Parse("localhost:9").ToString());
        Assert.Equal("/tmp/e.sock", ListenAddress.Parse("unix:/tmp/e.sock").UnixPath);
        Assert.False(ListenAddress.TryParse("127.0.0.1", out _));
        Assert.False(ListenAddress.TryParse("127.0.0.1:99999", out _));
        Assert.False(ListenAddress.TryParse("unix:", out _));
        Assert.False(ListenAddress.TryParse("example.com:80", out _));
    }
}
