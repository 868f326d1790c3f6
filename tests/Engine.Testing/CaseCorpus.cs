using System.Collections.Immutable;
using Engine.Compiler.Cases;
using Xunit;

namespace Engine.Testing;

/// <summary>
/// The one corpus every engine is checked against: the public vectors in
/// <c>tests/Vectors</c> (copied from <c>shared/spec/vectors</c>) and the project's own <c>tests/Cases</c>.
/// </summary>
public static class CaseCorpus
{
    private static readonly Lazy<CaseFileSet> s_all = new(() => CaseFileSet.Load([TestData.VectorsDirectory, ProjectCasesDirectory]));

    /// <summary><c>tests/Cases</c> in the repository.</summary>
    public static string ProjectCasesDirectory => TestData.ProjectCasesDirectory;

    /// <summary>Every case, loaded once.</summary>
    public static CaseFileSet All => s_all.Value;

    /// <summary>The cases by name (names are unique across the corpus).</summary>
    public static ImmutableDictionary<string, DecisionCase> ByName { get; } =
        All.Cases.ToImmutableDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Case names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (DecisionCase decisionCase in All.Cases)
        {
            data.Add(decisionCase.Name);
        }

        return data;
    }
}
