namespace Engine.Testing;

/// <summary>
/// Where the tests' data lives. Everything the tests read is in the repository except the AWS
/// catalog (managed policies, action catalog, condition keys), which <c>src/Engine.Catalog</c> will
/// embed: until then its members below read <c>../shared/corpus</c>, and they are the only place
/// that does, so repointing them is one edit.
/// </summary>
public static class TestData
{
    /// <summary><c>tests/Vectors</c>: the public decision vectors (copied from <c>shared/spec/vectors</c>).</summary>
    public static string VectorsDirectory => InRepository("tests", "Vectors");

    /// <summary><c>tests/Cases</c>: the project's own decision cases.</summary>
    public static string ProjectCasesDirectory => InRepository("tests", "Cases");

    /// <summary><c>tests/Workloads</c>: the benchmark workloads as suites (converted from <c>shared/bench</c>).</summary>
    public static string WorkloadsDirectory => InRepository("tests", "Workloads");

    /// <summary><c>tests/Examples</c>: customer-style example policies by kind (copied from <c>shared/corpus/examples</c>).</summary>
    public static string ExamplesDirectory => InRepository("tests", "Examples");

    /// <summary>The AWS managed policy files matching <paramref name="pattern"/> (<c>aws-managed-policies/*.json</c>), unordered.</summary>
    /// <param name="pattern">A file-name pattern, e.g. <c>*ReadOnlyAccess.json</c>.</param>
    // TODO(#12): read the managed policies from src/Engine.Catalog once it lands.
    public static IEnumerable<string> ManagedPolicyFiles(string pattern = "*.json") =>
        Directory.EnumerateFiles(Path.Combine(SharedCorpus(), "aws-managed-policies"), pattern);

    /// <summary>The file of one AWS managed policy by name (e.g. <c>ReadOnlyAccess</c>).</summary>
    /// <param name="name">The policy name, without <c>.json</c>.</param>
    // TODO(#12): read the managed policies from src/Engine.Catalog once it lands.
    public static string ManagedPolicyFile(string name) =>
        Path.Combine(SharedCorpus(), "aws-managed-policies", name + ".json");

    /// <summary>The lines of the IAM action catalog (<c>iam-actions.tsv</c>: action, then tab-separated columns).</summary>
    // TODO(#12): read the action catalog from src/Engine.Catalog once it lands.
    public static IEnumerable<string> ActionCatalogLines() =>
        File.ReadLines(Path.Combine(SharedCorpus(), "iam-actions.tsv"));

    private static string InRepository(params string[] parts) => Path.Combine([RepositoryPaths.RepositoryRoot, .. parts]);

    private static string SharedCorpus()
    {
        string? shared = RepositoryPaths.SharedDirectoryOrNull;
        return shared is not null && Directory.Exists(Path.Combine(shared, "corpus"))
            ? Path.Combine(shared, "corpus")
            : throw new DirectoryNotFoundException(
                $"the AWS catalog (managed policies, action catalog) is read from ../shared/corpus until src/Engine.Catalog lands, and there is none beside {RepositoryPaths.RepositoryRoot}");
    }
}
