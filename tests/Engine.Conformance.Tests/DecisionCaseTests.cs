using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Testing;

namespace Engine.Conformance.Tests;

/// <summary>Every case of the shared vectors and tests/Cases, on every engine (as Regex's tests run every engine).</summary>
public sealed class DecisionCaseTests
{
    private static readonly DecisionEngine s_reference = new(EngineKind.Reference);
    private static readonly DecisionEngine s_compiled = new(EngineKind.Compiled);
    private static readonly DecisionEngine s_interpreted = new(EngineKind.CompiledInterpreted);
    private static readonly Lock s_gate = new();

    public static TheoryData<string> Cases() => CaseCorpus.Names();

    [Fact]
    public void Every_case_file_loads()
    {
        Assert.Empty(CaseCorpus.All.Errors);
        Assert.True(CaseCorpus.All.Cases.Length >= 364, $"only {CaseCorpus.All.Cases.Length} cases were found");
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
        DecisionCase decisionCase = CaseCorpus.ByName[name];
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
        DecisionCase decisionCase = CaseCorpus.ByName[name];
        Assert.NotNull(decisionCase.Policies);
        Assert.NotNull(decisionCase.Expect);
        EngineAnswer answer;
        lock (s_gate)
        {
            answer = engine.Decide(decisionCase.Policies!, decisionCase.Query);
        }

        Assert.True(
            answer.Decision == decisionCase.Expect,
            $"{name}: expected {decisionCase.Expect}, got {answer.Decision} (deciding {answer.Deciding?.ToString() ?? "none"}; error {answer.Error ?? "none"})\n{decisionCase.Description}");
    }
}
