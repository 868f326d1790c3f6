using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Testing;

namespace Engine.Conformance.Tests;

/// <summary>
/// Every case of the benchmark workloads (tests/Workloads: 500- and 2,000-statement overlapping
/// sets, expectations from an independent IAM simulator) decided as expected on every engine.
/// The reference interpreter takes all of them: measured at about 0.25 s for the 32 cases of
/// overlap-20x100 and as much for the 64 of overlap-10x50, so no subset is needed.
/// </summary>
public sealed class WorkloadCaseTests
{
    private static readonly DecisionEngine s_reference = new(EngineKind.Reference);
    private static readonly DecisionEngine s_compiled = new(EngineKind.Compiled);
    private static readonly DecisionEngine s_interpreted = new(EngineKind.CompiledInterpreted);
    private static readonly Lock s_gate = new();

    public static TheoryData<string> Cases() => [.. WorkloadCorpus.All.Cases.Select(c => c.Name)];

    [Fact]
    public void Every_workload_loads_as_one_suite_per_file()
    {
        Assert.Empty(WorkloadCorpus.All.Errors);
        Assert.Equal(64, WorkloadCorpus.All.Cases.Count(c => c.Name.StartsWith("overlap-10x50/", StringComparison.Ordinal)));
        Assert.Equal(32, WorkloadCorpus.All.Cases.Count(c => c.Name.StartsWith("overlap-20x100/", StringComparison.Ordinal)));

        // One PolicySet object per suite: the engines compile it once.
        Assert.Equal(2, WorkloadCorpus.All.Cases.Select(c => c.Policies).Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reference(string name) => AssertDecides(s_reference, name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiled(string name) => AssertDecides(s_compiled, name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void CompiledInterpreted(string name) => AssertDecides(s_interpreted, name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiled_names_the_same_deciding_statement_as_the_reference(string name)
    {
        DecisionCase decisionCase = WorkloadCorpus.ByName[name];
        EngineAnswer reference, compiled;
        lock (s_gate)
        {
            reference = s_reference.Decide(decisionCase.Policies!, decisionCase.Query);
            compiled = s_compiled.Decide(decisionCase.Policies!, decisionCase.Query);
        }

        Assert.Equal(reference.Decision, compiled.Decision);
        Assert.Equal(reference.Deciding, compiled.Deciding);
    }

    private static void AssertDecides(DecisionEngine engine, string name)
    {
        DecisionCase decisionCase = WorkloadCorpus.ByName[name];
        Assert.NotNull(decisionCase.Policies);
        Assert.NotNull(decisionCase.Expect);
        EngineAnswer answer;
        lock (s_gate)
        {
            answer = engine.Decide(decisionCase.Policies!, decisionCase.Query);
        }

        Assert.True(
            answer.Decision == decisionCase.Expect,
            $"{name}: expected {decisionCase.Expect}, got {answer.Decision} (deciding {answer.Deciding?.ToString() ?? "none"}; error {answer.Error ?? "none"})");
    }
}
