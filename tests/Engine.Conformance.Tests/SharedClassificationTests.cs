using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Conformance.Tests;

/// <summary>
/// Sets compiled with a <see cref="ClassifiedPolicyCache"/> (a bundle's sets, issue #15 §2) share
/// each document's classified checks, and decide exactly as a set compiled alone — on every case of
/// the corpus and the workloads. A decoy document that reads condition keys of its own is put
/// before the identity policies of a second set, so the same documents are also shared at other
/// condition-key slots than their own (the cache's signature key).
/// </summary>
public sealed class SharedClassificationTests
{
    // Never applies (no case asks for decoy:*), but takes the first slots of the set.
    private static readonly PolicyDocument s_decoy = PolicyParser.ParseOrThrow(
        """
        {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"decoy:Nothing","Resource":"arn:aws:s3:::${decoy:KeyThree}/*",
          "Condition":{"StringEquals":{"decoy:KeyOne":"x","decoy:KeyTwo":"${decoy:KeyFour}"}}}]}
        """,
        PolicyKind.Identity);

    public static TheoryData<string> Suites() => ["corpus", "workloads"];

    [Theory]
    [MemberData(nameof(Suites))]
    public void A_set_sharing_classified_documents_decides_as_one_compiled_alone(string suite)
    {
        IEnumerable<DecisionCase> cases = suite == "corpus" ? CaseCorpus.All.Cases : WorkloadCorpus.All.Cases;
        var groups = cases.Where(c => c.Policies is not null).GroupBy(c => c.Policies!, ReferenceEqualityComparer.Instance);
        var cache = new ClassifiedPolicyCache();
        int compared = 0, shifted = 0, groupIndex = 0;
        foreach (IGrouping<object?, DecisionCase> group in groups)
        {
            var policies = (PolicySet)group.Key!;
            PolicySet withDecoy = policies with { Identity = [s_decoy, .. policies.Identity.IsDefault ? [] : policies.Identity] };
            CompiledPolicySet alone, decoyAlone, shared, decoyShared;
            try
            {
                alone = PolicySetCompiler.CompileMatcher(policies);
                decoyAlone = PolicySetCompiler.CompileMatcher(withDecoy);

                // Either order, in turn: the first set to meet a document classifies it for the cache.
                if (groupIndex++ % 2 == 0)
                {
                    decoyShared = PolicySetCompiler.CompileMatcher(withDecoy, cache);
                    shared = PolicySetCompiler.CompileMatcher(policies, cache);
                }
                else
                {
                    shared = PolicySetCompiler.CompileMatcher(policies, cache);
                    decoyShared = PolicySetCompiler.CompileMatcher(withDecoy, cache);
                }
            }
            catch (PolicyCompileException)
            {
                // Cases that expect a compile error are the conformance tests' business.
                continue;
            }

            shifted += decoyShared.ConditionKeyCount > shared.ConditionKeyCount ? 1 : 0;
            foreach (DecisionCase decisionCase in group)
            {
                EvaluationResult expected = Decide(alone, decisionCase), actual = Decide(shared, decisionCase);
                Assert.True(expected == actual, $"{decisionCase.Name}: alone {expected}, sharing {actual}");
                EvaluationResult decoyExpected = Decide(decoyAlone, decisionCase), decoyActual = Decide(decoyShared, decisionCase);
                Assert.True(decoyExpected == decoyActual, $"{decisionCase.Name} (after the decoy): alone {decoyExpected}, sharing {decoyActual}");
                Assert.Equal(expected.Decision, decoyActual.Decision);
                compared++;
            }
        }

        Assert.True(compared >= (suite == "corpus" ? 100 : 96), $"only {compared} cases compared");
        Assert.True(shifted > 0, "no set shared its documents at other slots");
    }

    private static EvaluationResult Decide(CompiledPolicySet set, DecisionCase decisionCase)
    {
        var request = new AuthorizationRequest();
        QueryRequests.Fill(request, decisionCase.Query);
        return set.Evaluate(request);
    }
}
