namespace Engine.Runtime.Tests;

/// <summary>Finds the shared corpus beside the repository (../shared in CI and in worktrees).</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> s_corpus = new(FindCorpus);

    public static string Corpus => s_corpus.Value;

    private static string FindCorpus()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "..", "shared", "corpus");
            if (Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new DirectoryNotFoundException($"no ../shared/corpus above `{AppContext.BaseDirectory}`");
    }
}
