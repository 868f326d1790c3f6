using Engine.Testing;

namespace Engine.Conformance.Tests;

/// <summary>Every case of the shared vectors and tests/Cases, on every engine (as Regex's tests run every engine).</summary>
public sealed class DecisionCaseTests
{
    public static TheoryData<string> Cases() => CaseCorpus.Names();

    [Fact]
    public void Every_case_file_loads()
    {
        Assert.Empty(CaseCorpus.All.Errors);
        Assert.True(CaseCorpus.All.Cases.Length >= 364, $"only {CaseCorpus.All.Cases.Length} cases were found");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reference(string name) => CaseAssert.Decides(CaseAssert.Reference, CaseCorpus.ByName[name]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiled(string name) => CaseAssert.Decides(CaseAssert.Compiled, CaseCorpus.ByName[name]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void CompiledInterpreted(string name) => CaseAssert.Decides(CaseAssert.CompiledInterpreted, CaseCorpus.ByName[name]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void CompiledMatcher(string name) => CaseAssert.Decides(CaseAssert.CompiledMatcher, CaseCorpus.ByName[name]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiled_names_the_same_deciding_statement_as_the_reference(string name) =>
        CaseAssert.SameDecidingStatement(CaseCorpus.ByName[name]);
}
