using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Conformance.Tests;

/// <summary>
/// The decision plan (Denies first, Allows only while they can change a grant; issue #15) against
/// the plain scan of every candidate statement it replaced: the same decision, deciding statement
/// and status on every case of the corpus and of the workloads, on both compiled engines.
/// </summary>
public sealed class DecisionPlanTests
{
    private static readonly Lock s_switchGate = new();

    public static TheoryData<string, bool> Suites() => new()
    {
        { "corpus", false },
        { "corpus", true },
        { "workloads", false },
        { "workloads", true },
    };

    [Theory]
    [MemberData(nameof(Suites))]
    public void Plan_and_scan_give_the_same_result(string suite, bool preferInterpretation)
    {
        IEnumerable<DecisionCase> cases = suite == "corpus" ? CaseCorpus.All.Cases : WorkloadCorpus.All.Cases;
        var compiled = new Dictionary<PolicySet, (CompiledPolicySet Plan, CompiledPolicySet Scan)>(ReferenceEqualityComparer.Instance);
        int compared = 0;
        foreach (DecisionCase decisionCase in cases)
        {
            if (decisionCase.Policies is not { } policies)
            {
                continue;
            }

            if (!compiled.TryGetValue(policies, out (CompiledPolicySet Plan, CompiledPolicySet Scan) pair))
            {
                try
                {
                    pair = CompileBoth(policies, preferInterpretation);
                }
                catch (PolicyCompileException)
                {
                    // Cases that expect a compile error are the conformance tests' business.
                    continue;
                }

                compiled[policies] = pair;
            }

            var request = new AuthorizationRequest();
            QueryRequests.Fill(request, decisionCase.Query);
            EvaluationResult plan = pair.Plan.Evaluate(request);
            EvaluationResult scan = pair.Scan.Evaluate(request);
            Assert.True(plan == scan, $"{decisionCase.Name}: plan {plan}, scan {scan}");
            compared++;
        }

        Assert.True(compared >= (suite == "corpus" ? 100 : 96), $"only {compared} cases compared");
    }

    // The switch is process-wide: both sets are compiled under one lock, so the plan's set is never
    // compiled while this test has the switch on. (Another test compiling meanwhile gets the
    // scan, which decides the same.)
    private static (CompiledPolicySet Plan, CompiledPolicySet Scan) CompileBoth(PolicySet policies, bool preferInterpretation)
    {
        lock (s_switchGate)
        {
            CompiledPolicySet plan = PolicySetCompiler.Compile(policies, preferInterpretation);
            AppContext.SetSwitch(CompiledPolicySet.DisableDecisionPlanSwitch, true);
            try
            {
                return (plan, PolicySetCompiler.Compile(policies, preferInterpretation));
            }
            finally
            {
                AppContext.SetSwitch(CompiledPolicySet.DisableDecisionPlanSwitch, false);
            }
        }
    }
}
