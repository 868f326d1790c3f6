using Engine.Catalog;
using Engine.Testing;

namespace Engine.Lint.Tests;

/// <summary>
/// Where the corpus tests read their policies: the managed policies come from Engine.Catalog (the data in the
/// repository); the examples from the shared corpus. Repoint <see cref="ExamplesDirectory"/> here if they move.
/// </summary>
internal static class LintTestPolicies
{
    public static string ExamplesDirectory => TestData.ExamplesDirectory;

    public static IEnumerable<ManagedPolicy> CurrentManagedPolicies => AwsManagedPolicies.All.Where(p => !p.IsDeprecated);
}
