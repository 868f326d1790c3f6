namespace Engine.Testing;

/// <summary>
/// Finds the repository and the shared folder beside it from a test binary. The repository lives
/// in different folders in development and in CI, but <c>shared/</c> is always beside its root.
/// </summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> s_shared = new(FindShared);
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The <c>shared</c> folder (spec, corpus).</summary>
    public static string SharedDirectory => s_shared.Value;

    /// <summary><c>shared/corpus</c>.</summary>
    public static string CorpusDirectory => Path.Combine(SharedDirectory, "corpus");

    /// <summary><c>shared/spec/vectors</c>.</summary>
    public static string VectorsDirectory => Path.Combine(SharedDirectory, "spec", "vectors");

    /// <summary>The folder holding <c>Engine.sln</c>.</summary>
    public static string RepositoryRoot => s_root.Value;

    private static string FindShared()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (string candidate in new[] { Path.Combine(dir.FullName, "shared"), Path.Combine(dir.FullName, "..", "shared") })
            {
                if (Directory.Exists(Path.Combine(candidate, "corpus")))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        throw new DirectoryNotFoundException($"no folder with shared/corpus above {AppContext.BaseDirectory}");
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no folder with Engine.sln above {AppContext.BaseDirectory}");
    }
}
