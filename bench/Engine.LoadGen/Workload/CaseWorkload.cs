using System.Buffers;
using System.Collections.Immutable;
using Engine.Compiler.Cases;
using Engine.Compiler.Model;
using Engine.LoadGen.Cli;
using Engine.Protocol;

namespace Engine.LoadGen.Workload;

/// <summary>The requests of a run: decision cases turned into pre-encoded Query frames, sent round-robin.</summary>
internal sealed class CaseWorkload
{
    /// <summary>The vectors used when no <c>--cases</c> is given (their principal is the default server's alice).</summary>
    public const string DefaultCasesFile = "seed-mfa.json";

    private CaseWorkload(ImmutableArray<RequestTemplate> requests, int casesWithPolicies)
    {
        Requests = requests;
        CasesWithPolicies = casesWithPolicies;
        MaxFrameSize = requests.Max(r => r.Frame.Length);
    }

    /// <summary>The requests, in case order.</summary>
    public ImmutableArray<RequestTemplate> Requests { get; }

    /// <summary>How many cases carry <c>policies</c>, which the server ignores (it answers from its own bundle).</summary>
    public int CasesWithPolicies { get; }

    /// <summary>The largest frame.</summary>
    public int MaxFrameSize { get; }

    /// <summary>Builds a workload from cases already read.</summary>
    /// <param name="cases">The cases.</param>
    /// <returns>The workload.</returns>
    public static CaseWorkload FromCases(IReadOnlyList<DecisionCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count == 0)
        {
            throw new LoadGenException("the case files hold no cases");
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        var requests = ImmutableArray.CreateBuilder<RequestTemplate>(cases.Count);
        foreach (DecisionCase c in cases)
        {
            buffer.ResetWrittenCount();
            AuthorizationQuery q = c.Query;
            QueryContextEntry[] context = [.. q.Context.Select(e => QueryContextEntry.Create(e.Key, e.Values, e.IsMultivalued))];
            try
            {
                FrameWriter.WriteQuery(buffer, requestId: 0, q.Principal, q.Action, q.Resource, q.ResourceAccount, context);
            }
            catch (ArgumentException e)
            {
                throw new LoadGenException($"case `{c.Name}` ({c.Source}) cannot be encoded: {e.Message}");
            }

            if (buffer.WrittenCount > ProtocolLimits.Default.MaxFrameSize)
            {
                throw new LoadGenException($"case `{c.Name}` ({c.Source}) is a {buffer.WrittenCount}-byte frame, over the server's default {ProtocolLimits.Default.MaxFrameSize}-byte limit");
            }

            requests.Add(new RequestTemplate(c.Name, buffer.WrittenSpan.ToArray(), c.Expect).Validate());
        }

        return new CaseWorkload(requests.MoveToImmutable(), cases.Count(c => c.Policies is not null));
    }

    /// <summary>Reads case files (or the default MFA load cases when <paramref name="paths"/> is empty).</summary>
    /// <param name="paths">Files or directories.</param>
    /// <returns>The workload.</returns>
    public static CaseWorkload Load(IReadOnlyList<string> paths) => FromCases(ReadCases(paths));

    /// <summary>Reads case files (or the default MFA load cases when <paramref name="paths"/> is empty).</summary>
    /// <param name="paths">Files or directories.</param>
    /// <returns>The cases, in file order.</returns>
    public static IReadOnlyList<DecisionCase> ReadCases(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            paths = [FindDefaultCases()];
        }

        CaseFileSet set = CaseFileSet.Load(paths);
        if (set.Errors.Length > 0)
        {
            throw new LoadGenException("cannot read the cases:" + Environment.NewLine + string.Join(Environment.NewLine, set.Errors.Select(e => "  " + e)));
        }

        return set.Cases;
    }

    /// <summary>
    /// Finds <c>bench/cases/seed-mfa.json</c> (the MFA vectors of the default server's principals,
    /// copied next to the binary as <c>cases/seed-mfa.json</c>): next to the binary first, then above
    /// the working directory.
    /// </summary>
    /// <returns>The path.</returns>
    public static string FindDefaultCases()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "cases", DefaultCasesFile);
        if (File.Exists(beside))
        {
            return beside;
        }

        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            // Bounded: a path has finitely many parents.
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                foreach (string candidate in new[]
                {
                    Path.Combine(dir.FullName, "bench", "cases", DefaultCasesFile),
                })
                {
                    if (File.Exists(candidate))
                    {
                        return Path.GetFullPath(candidate);
                    }
                }
            }
        }

        throw new LoadGenException($"no `--cases` given and the default `bench/cases/{DefaultCasesFile}` was not found above the current directory; pass `--cases PATH`");
    }
}
