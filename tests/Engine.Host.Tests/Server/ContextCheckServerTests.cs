using System.Text.Json;
using Engine.Host.Server;
using Engine.Protocol;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;
using Engine.Testing;
using static Engine.Host.Tests.Server.MfaQueries;

namespace Engine.Host.Tests.Server;

/// <summary>
/// Issue #14 finding 8, over the binary protocol: under the MFA seed policy, a malformed
/// <c>aws:MultiFactorAuthPresent</c> is answered Malformed (strict, the default) instead of being
/// decided Allow; <c>--context-check off</c> keeps the spec's answer.
/// </summary>
public sealed class ContextCheckServerTests
{
    private const string Resource = "arn:aws:iam::111122223333:user/alice";

    // The reproduction: each of these made the Deny's `BoolIfExists … false` false, so the request was allowed.
    public static TheoryData<string, QueryContextEntry> Malformed_mfa_values => new()
    {
        { "[\"false\"]", QueryContextEntry.Multivalued("aws:MultiFactorAuthPresent", "false") },
        { "\"\"", QueryContextEntry.SingleValue("aws:MultiFactorAuthPresent", "") },
        { "\"yes\"", QueryContextEntry.SingleValue("aws:MultiFactorAuthPresent", "yes") },
        { "\"1\"", QueryContextEntry.SingleValue("aws:MultiFactorAuthPresent", "1") },
        { "[]", QueryContextEntry.Multivalued("aws:MultiFactorAuthPresent") },
    };

    [Fact]
    public void The_served_example_is_the_mfa_seed_policy_of_the_vectors()
    {
        using JsonDocument vectors = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryPaths.RepositoryRoot, "tests", "Vectors", "mfa-self-service.json")));
        using JsonDocument served = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryPaths.RepositoryRoot, "examples", "bundles", "default", "policies", "mfa-self-service.json")));
        JsonElement seed = vectors.RootElement[0].GetProperty("policies").GetProperty("identity")[0];
        Assert.True(JsonElement.DeepEquals(seed, served.RootElement));
    }

    [Theory]
    [MemberData(nameof(Malformed_mfa_values))]
    public async Task A_malformed_mfa_flag_is_answered_Malformed_naming_the_key_and_the_connection_stays_open(string shown, QueryContextEntry mfa)
    {
        await using TestServer server = TestServer.Start();
        await using EngineClient client = await server.ConnectAsync();

        EngineServerException refused = await Assert.ThrowsAsync<EngineServerException>(
            async () => await client.QueryAsync(Alice, "iam:DeactivateMFADevice", Resource, context: [QueryContextEntry.SingleValue("aws:username", "alice"), mfa]));
        Assert.Equal(ResponseStatus.Malformed, refused.Status);
        Assert.Contains("`aws:MultiFactorAuthPresent`", refused.Message, StringComparison.Ordinal);

        // A per-request error: the same connection answers the next query.
        DecisionResult next = await client.QueryAsync(Alice, "iam:DeactivateMFADevice", Resource, context: Context("alice", mfa: true));
        Assert.True(next.IsAllowed, shown);
        StatsResponse stats = await client.StatsAsync();
        Assert.Equal(1UL, stats.Get(StatsCounter.ErrorsMalformed));
    }

    [Theory]
    [MemberData(nameof(Malformed_mfa_values))]
    public async Task With_the_check_off_a_malformed_mfa_flag_gets_the_specs_Allow(string shown, QueryContextEntry mfa)
    {
        await using TestServer server = TestServer.Start(o => o with { ContextValidator = null });
        await using EngineClient client = await server.ConnectAsync();
        DecisionResult response = await client.QueryAsync(Alice, "iam:DeactivateMFADevice", Resource, context: [QueryContextEntry.SingleValue("aws:username", "alice"), mfa]);
        Assert.Equal((ResponseStatus.Ok, Decision.Allow), (response.Status, response.Decision));
        Assert.True(response.IsAllowed, shown);
    }

    [Theory]
    [InlineData("false", true, Decision.ExplicitDeny)]
    [InlineData("FALSE", true, Decision.ExplicitDeny)]
    [InlineData("true", true, Decision.Allow)]
    [InlineData("false", false, Decision.ExplicitDeny)]
    [InlineData("FALSE", false, Decision.ExplicitDeny)]
    [InlineData("True", false, Decision.Allow)]
    public async Task A_well_formed_mfa_flag_is_decided_in_either_mode(string value, bool strict, Decision expected)
    {
        await using TestServer server = TestServer.Start(o => strict ? o : o with { ContextValidator = null });
        await using EngineClient client = await server.ConnectAsync();
        DecisionResult response = await client.QueryAsync(
            Alice, "iam:DeactivateMFADevice", Resource,
            context: [QueryContextEntry.SingleValue("aws:username", "alice"), QueryContextEntry.SingleValue("aws:MultiFactorAuthPresent", value)]);
        Assert.Equal((ResponseStatus.Ok, expected), (response.Status, response.Decision));
    }

    [Fact]
    public async Task Raw_frames_get_a_non_closing_Error_with_the_request_id_and_the_next_frame_is_answered()
    {
        await using TestServer server = TestServer.Start();
        using RawConnection raw = server.ConnectRaw();
        raw.Send(Encode(41, Alice, "iam:DeactivateMFADevice", Resource, [QueryContextEntry.SingleValue("aws:MultiFactorAuthPresent", "yes")]));
        raw.Send(AliceAllowed(42));

        ErrorResponse error = Assert.IsType<ErrorResponse>(raw.ReadResponse());
        Assert.Equal((41UL, ResponseStatus.Malformed, false), (error.RequestId, error.Status, error.Closing));
        Assert.Equal("context key `aws:MultiFactorAuthPresent` takes a Bool value (`true` or `false`), not `yes`", error.Message);
        DecisionResponse decision = Assert.IsType<DecisionResponse>(raw.ReadResponse());
        Assert.Equal((42UL, ResponseStatus.Ok, Decision.Allow), (decision.RequestId, decision.Status, decision.Decision));
    }

    [Fact]
    public async Task Query_prints_the_refusal_naming_the_key_and_exits_1()
    {
        await using TestServer server = TestServer.Start();
        var output = new StringWriter();
        int exit = await Task.Run(() => Engine.Host.Cli.QueryCommand.Run(
        [
            "--connect", server.Address.ToString(), "--principal", Alice, "--action", "iam:DeactivateMFADevice",
            "--resource", Resource, "--context", "aws:username=alice", "--context", "aws:MultiFactorAuthPresent=yes",
        ], output));
        Assert.Equal(1, exit);
        Assert.Equal(
            "decision: ImplicitDeny|status: Malformed|error: context key `aws:MultiFactorAuthPresent` takes a Bool value (`true` or `false`), not `yes`|",
            output.ToString().ReplaceLineEndings("|"));
    }

    [Fact]
    public async Task Strict_never_allows_a_corpus_case_that_engine_check_denies()
    {
        // Strict answers a case either as the spec decides it or Malformed (a deny): never a new Allow.
        var holder = new PolicySourceHolder(TestSources.Default());
        await using TestServer server = TestServer.Start(policies: holder);
        await using EngineClient client = await server.ConnectAsync();
        var local = new Engine.Compiler.DecisionEngine(Engine.Compiler.EngineKind.Compiled);
        int malformed = 0, decided = 0;
        var wrong = new List<string>();
        ulong revision = 100;
        foreach (Engine.Compiler.Cases.DecisionCase decisionCase in CaseCorpus.All.Cases)
        {
            CompiledPolicySet set = Engine.Compiler.Emit.PolicySetCompiler.Compile(decisionCase.Policies!);
            holder.Swap(new OneSetSource(++revision, set));
            Decision expected = local.Decide(decisionCase.Policies!, decisionCase.Query).Decision;
            try
            {
                DecisionResult actual = await client.QueryAsync(
                    decisionCase.Query.Principal, decisionCase.Query.Action, decisionCase.Query.Resource, decisionCase.Query.ResourceAccount,
                    [.. decisionCase.Query.Context.Select(e => QueryContextEntry.Create(e.Key, e.Values, e.IsMultivalued))]);
                decided++;
                if (actual.Decision != expected)
                {
                    wrong.Add($"{decisionCase.Name}: wire {actual.Decision}, engine check {expected}");
                }
            }
            catch (EngineServerException e) when (e.Status == ResponseStatus.Malformed)
            {
                malformed++;
            }
        }

        Assert.Empty(wrong);
        Assert.True(malformed > 0, "some cases carry odd values on purpose (§7.3, D8)");
        Assert.True(decided > malformed, $"{decided} decided, {malformed} malformed");
    }

    private sealed class OneSetSource(ulong revision, CompiledPolicySet set) : IPolicySource
    {
        public ulong Revision => revision;

        public bool TryResolve(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, out CompiledPolicySet? policySet)
        {
            policySet = set;
            return true;
        }
    }
}
