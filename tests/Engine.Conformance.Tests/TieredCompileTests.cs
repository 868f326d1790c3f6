using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Conformance.Tests;

/// <summary>
/// Tiered compiling (issue #15 §2): a set decides at once with its plain matcher, is promoted to
/// IL in the background, and gives the same result — decision, deciding statement, status — in
/// both tiers and as a set compiled to IL directly, on every case of the corpus and the workloads.
/// (Each tier alone runs every case through <see cref="EngineKind"/>: CompiledMatcher and Compiled.)
/// </summary>
public sealed class TieredCompileTests
{
    public static TheoryData<string> Suites() => ["corpus", "workloads"];

    [Theory]
    [MemberData(nameof(Suites))]
    public async Task A_tiered_set_decides_the_same_before_and_after_its_promotion(string suite)
    {
        IEnumerable<DecisionCase> cases = suite == "corpus" ? CaseCorpus.All.Cases : WorkloadCorpus.All.Cases;
        var groups = cases.Where(c => c.Policies is not null).GroupBy(c => c.Policies!, ReferenceEqualityComparer.Instance);
        int compared = 0, promoted = 0;
        foreach (IGrouping<object?, DecisionCase> group in groups)
        {
            var policies = (PolicySet)group.Key!;
            CompiledPolicySet tiered, direct;
            Task promotion;
            try
            {
                tiered = PolicySetCompiler.CompileTiered(policies, out promotion);
                direct = PolicySetCompiler.Compile(policies);
            }
            catch (PolicyCompileException)
            {
                // Cases that expect a compile error are the conformance tests' business.
                continue;
            }

            // Before the promotion is waited for: the set answers from whichever tier it is in,
            // the matcher unless the background thread was quicker.
            EvaluationResult[] first = [.. group.Select(c => Decide(tiered, c))];
            await promotion;
            promoted += tiered.IsPromoted ? 1 : 0;
            int i = 0;
            foreach (DecisionCase decisionCase in group)
            {
                EvaluationResult afterPromotion = Decide(tiered, decisionCase), compiled = Decide(direct, decisionCase);
                Assert.True(first[i] == afterPromotion, $"{decisionCase.Name}: before promotion {first[i]}, after {afterPromotion}");
                Assert.True(afterPromotion == compiled, $"{decisionCase.Name}: tiered {afterPromotion}, compiled {compiled}");
                i++;
                compared++;
            }
        }

        Assert.True(compared >= (suite == "corpus" ? 100 : 96), $"only {compared} cases compared");
        Assert.True(promoted > 0, "no set was promoted to IL");
    }

    [Fact]
    public void A_set_compiled_to_its_first_tier_only_is_not_promoted_and_one_compiled_directly_is()
    {
        PolicySet policies = PolicySet.FromIdentity(PolicyParser.ParseOrThrow(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}]}""",
            PolicyKind.Identity));
        Assert.False(PolicySetCompiler.CompileMatcher(policies).IsPromoted);
        Assert.True(PolicySetCompiler.Compile(policies).IsPromoted);
        Assert.True(PolicySetCompiler.Compile(policies, preferInterpretation: true).IsPromoted);
    }

    private static EvaluationResult Decide(CompiledPolicySet set, DecisionCase decisionCase)
    {
        var request = new AuthorizationRequest();
        QueryRequests.Fill(request, decisionCase.Query);
        return set.Evaluate(request);
    }
}
