using System.Collections.Immutable;

namespace Engine.Compiler.Cases;

/// <summary>Everything read from a set of case paths: the cases and the files or cases that failed to load.</summary>
/// <param name="Cases">The cases, in path order, then file order.</param>
/// <param name="Errors">Files or cases that did not load.</param>
public sealed record CaseFileSet(ImmutableArray<DecisionCase> Cases, ImmutableArray<CaseLoadError> Errors)
{
    /// <summary>
    /// Reads case files and directories (recursively: <c>*.json</c> and <c>*.jsonl</c>, in ordinal
    /// path order so that runs are reproducible).
    /// </summary>
    /// <param name="paths">Files or directories.</param>
    public static CaseFileSet Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var cases = ImmutableArray.CreateBuilder<DecisionCase>();
        var errors = ImmutableArray.CreateBuilder<CaseLoadError>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                IEnumerable<string> files = Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal);
                foreach (string file in files)
                {
                    DecisionCaseReader.ReadFile(file, cases, errors);
                }
            }
            else if (File.Exists(path))
            {
                DecisionCaseReader.ReadFile(path, cases, errors);
            }
            else
            {
                errors.Add(new CaseLoadError(path, "no such file or directory"));
            }
        }

        return new CaseFileSet(cases.ToImmutable(), errors.ToImmutable());
    }
}
