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
    public void Reference(string name) => CaseAssert.Decides(CaseAssert.Reference, WorkloadCorpus.ByName[name]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiled(string name) => CaseAssert.Decides(CaseAssert.Compiled, WorkloadCorpus.ByName[name]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void CompiledInterpreted(string name) => CaseAssert.Decides(CaseAssert.CompiledInterpreted, WorkloadCorpus.ByName[name]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void CompiledMatcher(string name) => CaseAssert.Decides(CaseAssert.CompiledMatcher, WorkloadCorpus.ByName[name]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiled_names_the_same_deciding_statement_as_the_reference(string name) =>
        CaseAssert.SameDecidingStatement(WorkloadCorpus.ByName[name]);
}
