using System.Collections.Immutable;
using Engine.Compiler.Cases;

namespace Engine.Testing;

/// <summary>
/// The benchmark workloads of <c>tests/Workloads</c> (suites: one large, overlapping policy set and
/// many questions each), for the conformance tests; kept apart from <see cref="CaseCorpus"/>
/// because deciding them on the reference interpreter is slow.
/// </summary>
public static class WorkloadCorpus
{
    private static readonly Lazy<CaseFileSet> s_all = new(() => CaseFileSet.Load([TestData.WorkloadsDirectory]));

    /// <summary>Every case, loaded once.</summary>
    public static CaseFileSet All => s_all.Value;

    /// <summary>The cases by name.</summary>
    public static ImmutableDictionary<string, DecisionCase> ByName { get; } =
        All.Cases.ToImmutableDictionary(c => c.Name, StringComparer.Ordinal);
}
