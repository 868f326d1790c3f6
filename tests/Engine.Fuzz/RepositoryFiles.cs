namespace Engine.Fuzz;

/// <summary>Finds the repository and reads seed files from it.</summary>
public static class RepositoryFiles
{
    /// <summary>
    /// The folder holding <c>Engine.sln</c>: looked for above the current directory, then above
    /// this program (run.sh runs from the repository; tests run from their bin folder).
    /// </summary>
    public static string Root()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "Engine.sln")))
                {
                    return d.FullName;
                }
            }
        }

        throw new InvalidOperationException("the repository (a folder with Engine.sln) was not found above the current directory or the program");
    }

    /// <summary>
    /// Seeds from files under a folder of the repository. Large files are left out: AFL++ works
    /// best on small seeds, and a seed over its 1 MB limit is refused.
    /// </summary>
    /// <param name="repository">The repository root.</param>
    /// <param name="folder">A folder relative to the root.</param>
    /// <param name="pattern">A file pattern, e.g. <c>*.json</c>.</param>
    /// <param name="maxBytes">The largest file taken.</param>
    public static IEnumerable<FuzzSeed> Under(string repository, string folder, string pattern, int maxBytes = 64 * 1024)
    {
        string root = Path.Combine(repository, folder);
        if (!Directory.Exists(root))
        {
            yield break;
        }

        foreach (string file in Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (new FileInfo(file).Length <= maxBytes)
            {
                string name = Path.GetRelativePath(repository, file).Replace('/', '_').Replace('\\', '_');
                yield return new FuzzSeed(name, File.ReadAllBytes(file));
            }
        }
    }
}
