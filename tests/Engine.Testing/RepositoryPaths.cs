namespace Engine.Testing;

/// <summary>
/// Finds the repository from a test binary, and the <c>shared/</c> folder beside it when there is
/// one. The tests read their data from the repository (<see cref="TestData"/>); <c>shared/</c> is
/// only the source the drift tests compare the copies with. <c>ENGINE_SHARED_DIR</c> names it
/// explicitly: <c>.ci/run</c> tests a clone with nothing beside it and points only the drift tests
/// at the <c>shared/</c> beside the checkout it came from.
/// </summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string?> s_shared = new(FindShared);
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The <c>shared</c> folder (spec, corpus, bench) beside the repository, or null when there is none.</summary>
    public static string? SharedDirectoryOrNull => s_shared.Value;

    /// <summary>The repository's copy of the public vectors, <c>tests/Vectors</c>.</summary>
    public static string VectorsDirectory => TestData.VectorsDirectory;

    /// <summary>The folder holding <c>Engine.sln</c>.</summary>
    public static string RepositoryRoot => s_root.Value;

    // Only beside the repository root: a shared/ further up belongs to something else, and a clone
    // with nothing beside it must run without one.
    private static string? FindShared()
    {
        if (Environment.GetEnvironmentVariable("ENGINE_SHARED_DIR") is { Length: > 0 } named)
        {
            return Directory.Exists(named) ? Path.GetFullPath(named) : null;
        }

        string candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(Path.Combine(candidate, "spec")) || Directory.Exists(Path.Combine(candidate, "corpus")) ? candidate : null;
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
