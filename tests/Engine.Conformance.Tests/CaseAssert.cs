using Engine.Compiler;
using Engine.Compiler.Cases;

namespace Engine.Conformance.Tests;

/// <summary>
/// The one way a conformance test decides a case: the four engines (as Regex's tests run every
/// engine), one lock around them (the decision engines cache compiled sets), and the same messages.
/// </summary>
internal static class CaseAssert
{
    private static readonly Lock s_gate = new();

    public static DecisionEngine Reference { get; } = new(EngineKind.Reference);

    public static DecisionEngine Compiled { get; } = new(EngineKind.Compiled);

    public static DecisionEngine CompiledInterpreted { get; } = new(EngineKind.CompiledInterpreted);

    public static DecisionEngine CompiledMatcher { get; } = new(EngineKind.CompiledMatcher);

    /// <summary>The engine decides the case as its <c>expect</c> says.</summary>
    public static void Decides(DecisionEngine engine, DecisionCase decisionCase)
    {
        Assert.NotNull(decisionCase.Policies);
        Assert.NotNull(decisionCase.Expect);
        EngineAnswer answer;
        lock (s_gate)
        {
            answer = engine.Decide(decisionCase.Policies!, decisionCase.Query);
        }

        Assert.True(
            answer.Decision == decisionCase.Expect,
            $"{decisionCase.Name}: expected {decisionCase.Expect}, got {answer.Decision} (deciding {answer.Deciding?.ToString() ?? "none"}; error {answer.Error ?? "none"})\n{decisionCase.Description}");
    }

    /// <summary>The compiled engine names the same decision and deciding statement as the reference.</summary>
    public static void SameDecidingStatement(DecisionCase decisionCase)
    {
        EngineAnswer reference, compiled;
        lock (s_gate)
        {
            reference = Reference.Decide(decisionCase.Policies!, decisionCase.Query);
            compiled = Compiled.Decide(decisionCase.Policies!, decisionCase.Query);
        }

        Assert.Equal(reference.Decision, compiled.Decision);
        Assert.Equal(reference.Deciding, compiled.Deciding);
    }
}
