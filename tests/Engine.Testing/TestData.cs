using Engine.Catalog;

namespace Engine.Testing;

/// <summary>
/// Where the tests' data lives: everything the tests read is in the repository — the vectors, cases,
/// workloads and examples under <c>tests/</c>, and the AWS catalog (managed policies, action catalog)
/// embedded in <c>src/Engine.Catalog</c>. Only the drift tests look at <c>../shared</c>, when it exists.
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

    /// <summary>
    /// The current AWS managed policies (from <c>src/Engine.Catalog</c>, the repository's <c>data/</c>) as
    /// <c>NAME.json</c> files matching <paramref name="pattern"/>, unordered: written once per test process
    /// into a temporary folder, for tests and commands that read policy files.
    /// </summary>
    /// <param name="pattern">A file-name pattern, e.g. <c>*ReadOnlyAccess.json</c>.</param>
    public static IEnumerable<string> ManagedPolicyFiles(string pattern = "*.json") =>
        Directory.EnumerateFiles(s_managedPolicyFolder.Value, pattern);

    /// <summary>The file of one AWS managed policy by name (e.g. <c>ReadOnlyAccess</c>).</summary>
    /// <param name="name">The policy name, without <c>.json</c>.</param>
    public static string ManagedPolicyFile(string name) => Path.Combine(s_managedPolicyFolder.Value, name + ".json");

    /// <summary>The IAM action catalog of the bundled service reference, as <c>service:Action&lt;TAB&gt;access level</c> lines.</summary>
    public static IEnumerable<string> ActionCatalogLines() =>
        ServiceReference.Actions.Select(a => $"{a.FullName}\t{a.AccessLevel}");

    private static readonly Lazy<string> s_managedPolicyFolder = new(WriteManagedPolicies);

    // One folder per process: test projects run in parallel processes, and none may see another's half-written files.
    private static string WriteManagedPolicies()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"engine-managed-policies-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        foreach (ManagedPolicy policy in AwsManagedPolicies.All.Where(p => !p.IsDeprecated))
        {
            File.WriteAllText(Path.Combine(folder, policy.Name + ".json"), policy.Document);
        }

        // Another copy of this assembly in the process (Engine.Benchmarks cpu-ab-builds loads one per
        // build) writes and deletes the same folder; the second deletion finds it gone.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        };
        return folder;
    }

    private static string InRepository(params string[] parts) => Path.Combine([RepositoryPaths.RepositoryRoot, .. parts]);
}
