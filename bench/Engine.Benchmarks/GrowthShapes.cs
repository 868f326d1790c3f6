using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Engine.Compiler.Cases;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Benchmarks;

/// <summary>
/// Policy sets of a given number of statements in two shapes, for the growth curve of
/// docs/benchmarks.md (issue #15): the generated shape of <see cref="BenchmarkData.Generated"/>
/// (requests rarely select more than a few statements) and the overlap shape of
/// <c>tests/Workloads/overlap-20x100.json</c> (its 2,000 statements taken in order and, past
/// 2,000, again from the start, in policies of 100 statements; the suite's own 32 questions).
/// </summary>
internal static class GrowthShapes
{
    /// <summary>The statement counts of the curve.</summary>
    public static readonly int[] Sizes = [10, 100, 1_000, 5_000, 20_000];

    /// <summary>The policy set and the questions of one point of the curve.</summary>
    public static (PolicySet Policies, AuthorizationQuery[] Queries) Build(string shape, int statements)
    {
        if (shape == "generated")
        {
            int policies = Math.Max(1, statements / 100);
            ImmutableArray<PolicyDocument> generated = BenchmarkData.Generated(policies, statements / policies);
            return (new PolicySet(generated, null, [], [], null, null), BenchmarkData.QueriesFor(generated, 64));
        }

        string path = Path.Combine(TestData.WorkloadsDirectory, "overlap-20x100.json");
        string[] pool = OverlapStatements(path);
        var documents = ImmutableArray.CreateBuilder<PolicyDocument>();
        for (int start = 0; start < statements; start += 100)
        {
            var json = new StringBuilder("""{"Version":"2012-10-17","Statement":[""");
            for (int i = start; i < Math.Min(statements, start + 100); i++)
            {
                json.Append(i == start ? "" : ",").Append(pool[i % pool.Length]);
            }

            documents.Add(PolicyParser.ParseOrThrow(json.Append("]}").ToString(), PolicyKind.Identity));
        }

        AuthorizationQuery[] queries = [.. CaseFileSet.Load([path]).Cases.Select(c => c.Query)];
        return (new PolicySet(documents.ToImmutable(), null, [], [], null, null), queries);
    }

    private static string[] OverlapStatements(string suitePath)
    {
        using JsonDocument suite = JsonDocument.Parse(File.ReadAllBytes(suitePath));
        return [.. suite.RootElement.GetProperty("policies").GetProperty("identity").EnumerateArray()
            .SelectMany(policy => policy.GetProperty("Statement").EnumerateArray())
            .Select(statement => statement.GetRawText())];
    }

    /// <summary>
    /// Prints, per shape and size, how many statements select a request's action (candidates) and
    /// how many apply, mean and maximum over the questions (the reference's trace), and the
    /// decision with fill on the scan and on the plan (<see cref="OverlapProfile.Measure"/>).
    /// </summary>
    public static void PrintCounts()
    {
        Console.WriteLine("| shape | statements | candidates per request (mean / max) | applicable per request (mean / max) | scan ns | plan ns | scan / plan |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (string shape in new[] { "generated", "overlap" })
        {
            foreach (int size in Sizes)
            {
                (PolicySet policies, AuthorizationQuery[] queries) = Build(shape, size);
                var candidates = new List<int>();
                var applicable = new List<int>();
                foreach (AuthorizationQuery query in queries)
                {
                    ImmutableArray<StatementTrace> trace = ReferenceEvaluator.Trace(policies, query);
                    candidates.Add(trace.Count(t => !t.Why.StartsWith("action:", StringComparison.Ordinal)));
                    applicable.Add(trace.Count(t => t.Applies));
                }

                double scan = OverlapProfile.Measure(OverlapProfile.Compile(policies, scan: true), queries);
                double plan = OverlapProfile.Measure(OverlapProfile.Compile(policies, scan: false), queries);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {shape} | {size:N0} | {candidates.Average():F1} / {candidates.Max()} | {applicable.Average():F1} / {applicable.Max()} | {scan:F0} | {plan:F0} | {scan / plan:F1} |"));
            }
        }
    }
}
