using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Emit;
using Engine.Host.Server;
using Engine.Protocol;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Host.Tests.Server;

/// <summary>
/// Every decision case (public vectors and tests/Cases) asked over the wire gets the same decision
/// and deciding statement as `engine check`. Each case's policies are swapped in as the server's
/// source before it is asked — the same reference swap a reload makes.
/// </summary>
public sealed class WireConformanceTests
{
    [Fact]
    public async Task Every_case_over_the_wire_matches_engine_check()
    {
        var holder = new PolicySourceHolder(TestSources.Default());
        await using TestServer server = TestServer.Start(policies: holder);
        await using EngineClient client = await server.ConnectAsync();
        var local = new DecisionEngine(EngineKind.Compiled);
        var remote = new List<string>();
        ulong revision = 100;

        foreach (DecisionCase decisionCase in CaseCorpus.All.Cases)
        {
            CompiledPolicySet set = PolicySetCompiler.Compile(decisionCase.Policies!);
            holder.Swap(new OneCaseSource(++revision, decisionCase.Query.Principal, set));

            EngineAnswer expected = local.Decide(decisionCase.Policies!, decisionCase.Query);
            DecisionResult actual = await client.QueryAsync(
                decisionCase.Query.Principal,
                decisionCase.Query.Action,
                decisionCase.Query.Resource,
                decisionCase.Query.ResourceAccount,
                [.. decisionCase.Query.Context.Select(e => QueryContextEntry.Create(e.Key, e.Values, e.IsMultivalued))]);

            DecidingStatement? expectedStatement = expected.Deciding is null ? null : DecidingStatement.From(expected.Deciding);
            if (actual.Decision != expected.Decision || actual.Statement != expectedStatement || actual.Revision != revision
                || (actual.Status == ResponseStatus.Ok) != (expected.Error is null) || actual.Sid != (expected.Deciding?.Sid ?? string.Empty))
            {
                remote.Add($"{decisionCase.Name}: wire {actual.Status} {actual.Decision} {actual.Statement} \"{actual.Sid}\", engine check {expected.Decision} {expectedStatement}");
            }
        }

        Assert.True(CaseCorpus.All.Cases.Length >= 299);
        Assert.Empty(remote);
    }

    /// <summary>
    /// One case's policy set for its one principal. Not a bundle: a case may carry session policies,
    /// and its principal may be any caller (a service, a federated user), which a bundle cannot list.
    /// </summary>
    private sealed class OneCaseSource(ulong revision, string principal, CompiledPolicySet set) : IPolicySource
    {
        public ulong Revision => revision;

        public bool TryResolve(ReadOnlySpan<char> caller, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, out CompiledPolicySet? policySet)
        {
            policySet = caller.SequenceEqual(principal) ? set : null;
            return policySet is not null;
        }
    }
}
