using System.Diagnostics;
using System.Globalization;
using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;
using Engine.Testing;
using JsonNode = System.Text.Json.Nodes.JsonNode;

namespace Engine.Benchmarks;

/// <summary>
/// A first profile of the overlap workloads by subtraction (no profiler on the machine): the
/// decision with fill on the suite as written, with every Condition removed, with every Resource
/// replaced by <c>*</c>, and the fill alone; each with the plan and the plain scan.
/// <c>dotnet run -c Release --project bench/Engine.Benchmarks -- overlap-profile</c>.
/// </summary>
internal static class OverlapProfile
{
    public static void Run()
    {
        Console.WriteLine("| workload | variant | scan ns | plan ns |");
        Console.WriteLine("| --- | --- | ---: | ---: |");
        foreach (string workload in new[] { "overlap-10x50", "overlap-20x100" })
        {
            string path = Path.Combine(TestData.WorkloadsDirectory, workload + ".json");
            AuthorizationQuery[] queries = [.. CaseFileSet.Load([path]).Cases.Select(c => c.Query)];
            foreach (string variant in new[] { "as written", "no conditions", "resources *", "fill only" })
            {
                PolicySet policies = Variant(path, variant);
                double scan = Measure(Compile(policies, scan: true), queries, variant == "fill only");
                double plan = Measure(Compile(policies, scan: false), queries, variant == "fill only");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {workload} | {variant} | {scan:F0} | {plan:F0} |"));
            }
        }
    }

    private static PolicySet Variant(string path, string variant)
    {
        JsonNode suite = JsonNode.Parse(File.ReadAllText(path))!;
        var documents = new List<PolicyDocument>();
        foreach (JsonNode? policy in suite["policies"]!["identity"]!.AsArray())
        {
            foreach (JsonNode? statement in policy!["Statement"]!.AsArray())
            {
                if (variant == "no conditions")
                {
                    statement!.AsObject().Remove("Condition");
                }
                else if (variant == "resources *")
                {
                    statement!["Resource"] = "*";
                }
            }

            documents.Add(PolicyParser.ParseOrThrow(policy.ToJsonString(), PolicyKind.Identity));
        }

        return new PolicySet([.. documents], null, [], [], null, null);
    }

    internal static CompiledPolicySet Compile(PolicySet policies, bool scan)
    {
        AppContext.SetSwitch(CompiledPolicySet.DisableDecisionPlanSwitch, scan);
        try
        {
            return PolicySetCompiler.Compile(policies);
        }
        finally
        {
            AppContext.SetSwitch(CompiledPolicySet.DisableDecisionPlanSwitch, false);
        }
    }

    // The best of five timed rounds (after one warm-up round) of about 0.2 s each, in ns per
    // decision with fill; fillOnly times the fill alone.
    internal static double Measure(CompiledPolicySet set, AuthorizationQuery[] queries, bool fillOnly = false)
    {
        double best = double.MaxValue;
        var request = new AuthorizationRequest();
        int sink = 0;
        long budget = Stopwatch.Frequency / 5;
        for (int round = 0; round < 6; round++)
        {
            int decisions = 0;
            long start = Stopwatch.GetTimestamp();
            long elapsed;
            do
            {
                for (int i = 0; i < 64; i++, decisions++)
                {
                    QueryRequests.Fill(request, queries[decisions % queries.Length]);
                    sink += fillOnly ? request.ContextCount : (int)set.Evaluate(request).Decision;
                }

                elapsed = Stopwatch.GetTimestamp() - start;
            }
            while (elapsed < budget);

            double ns = elapsed * 1e9 / Stopwatch.Frequency / decisions;
            if (round > 0)
            {
                best = Math.Min(best, ns);
            }
        }

        GC.KeepAlive(sink);
        return best;
    }
}
