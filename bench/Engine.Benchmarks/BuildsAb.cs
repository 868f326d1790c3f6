using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using Engine.Compiler;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Benchmarks;

/// <summary>
/// <c>Engine.Benchmarks cpu-ab-builds OLD_TREE NEW_TREE WORKLOAD DECISIONS [fill|fill-pooled|evaluate]</c>:
/// two builds of the engine in one process, each in its own <see cref="AssemblyLoadContext"/>
/// (its <c>Engine.*</c> assemblies from its worktree's <c>bench/Engine.Benchmarks/bin/Release/net10.0</c>),
/// driven by this build's <see cref="AbDriver"/> in alternating blocks of decisions on one thread,
/// each block timed by the thread's CPU time.
/// </summary>
/// <remarks>
/// On the project's shared development machine two processes a minute apart, or side by side on
/// the two vCPUs, differ by up to 2× and by ±30 % from pair to pair (docs/benchmarks.md §6, "A slow
/// phase"); blocks of 20,000 decisions taken in turn see the same minutes, as <c>cpu-ab</c> does for
/// two variants of one build. Both builds run the same driver code (this build's, loaded once into
/// each context), so only the engine differs; the driver uses only API both builds have.
/// Run it with <c>DOTNET_TieredCompilation=0</c>: with tiering on, each context's code is tiered
/// up on its own profile, and one build against itself (A/A) read 0.66–1.44. Fully optimized
/// from the start, A/A reads within ±5 % (the two copies' code and data lie at different
/// addresses), so a difference below that needs several runs to be believed (docs/benchmarks.md
/// §6, "Two builds in one process").
/// </remarks>
internal static class BuildsAb
{
    public static int Run(string oldTree, string newTree, string workload, int decisions, string mode)
    {
        string driver = typeof(BuildsAb).Assembly.Location;
        if (Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") != "0")
        {
            Console.Error.WriteLine("cpu-ab-builds: tiered compilation is on, so each build is tiered up on its own profile (A/A read 0.66–1.44); set DOTNET_TieredCompilation=0 to compare fully optimized code");
        }

        // Before either build compiles the workload (and not wrapped in a TargetInvocationException).
        AbDriver.CheckMode(mode);

        Func<int, long>[] builds = [Prepare(oldTree, driver, "old", workload, mode), Prepare(newTree, driver, "new", workload, mode)];
        (double[] perDecision, int timedRounds, long sink) = DecisionCpuTime.TimeAlternatingBlocks(builds, decisions);
        double old = perDecision[0], @new = perDecision[1];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{workload} {mode}, {timedRounds} rounds of {DecisionCpuTime.AbBlock} decisions each, checksum {sink}: old {old:F1} ns, new {@new:F1} ns, new/old {@new / old:F3}"));
        return 0;
    }

    private static Func<int, long> Prepare(string tree, string driver, string name, string workload, string mode)
    {
        string bin = Path.GetFullPath(Path.Combine(tree, "bench", "Engine.Benchmarks", "bin", "Release", "net10.0"));
        if (!File.Exists(Path.Combine(bin, "Engine.Runtime.dll")))
        {
            throw new ArgumentException($"{bin} has no Engine.Runtime.dll; run `dotnet build bench/Engine.Benchmarks -c Release` in {tree}", nameof(tree));
        }

        var context = new TreeLoadContext(name, bin, driver);
        Assembly bench = context.LoadFromAssemblyPath(driver);
        MethodInfo prepare = bench.GetType(typeof(AbDriver).FullName!, throwOnError: true)!.GetMethod(nameof(AbDriver.Prepare))!;
        return (Func<int, long>)prepare.Invoke(null, [workload, mode])!;
    }

    // The engine's assemblies from one worktree; everything else (the framework, NuGet packages)
    // is shared with the default context.
    private sealed class TreeLoadContext(string name, string bin, string driver) : AssemblyLoadContext(name)
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name == "Engine.Benchmarks")
            {
                return LoadFromAssemblyPath(driver);
            }

            string path = Path.Combine(bin, assemblyName.Name + ".dll");
            return assemblyName.Name!.StartsWith("Engine.", StringComparison.Ordinal) && File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}

/// <summary>
/// The decisions of <see cref="BuildsAb"/>, loaded once into each build's context: a workload's
/// set compiled and its requests made, then blocks of decisions on demand.
/// </summary>
public static class AbDriver
{
    /// <summary>Compiles the workload with this context's engine and returns a block runner: decisions → checksum.</summary>
    /// <param name="workload">One of <see cref="DecisionCpuTime.Workloads"/>.</param>
    /// <param name="mode">fill (one reused request), fill-pooled (a pooled request per decision) or evaluate (requests filled once).</param>
    public static Func<int, long> Prepare(string workload, string mode)
    {
        (PolicySet policies, AuthorizationQuery[] queries) = DecisionCpuTime.Load(workload);
        CompiledPolicySet set = PolicySetCompiler.Compile(policies);
        AuthorizationRequest[] filled = BenchmarkData.FilledAsAskedAgain(queries);
        var request = new AuthorizationRequest();
        int next = 0;
        return mode switch
        {
            "fill" => Filling(set, request, queries),
            "fill-pooled" => FilledPooled,
            "evaluate" => AsFilled,
            _ => throw UnknownMode(mode),
        };

        // A pooled request per decision, as BenchmarkDotNet's jobs and `engine bench` do.
        long FilledPooled(int count)
        {
            long sink = 0;
            for (int i = 0; i < count; i++)
            {
                AuthorizationRequest pooled = AuthorizationRequestPool.Rent();
                QueryRequests.Fill(pooled, queries[next]);
                sink += (int)set.Evaluate(pooled).Decision;
                AuthorizationRequestPool.Return(pooled);
                next = next + 1 == queries.Length ? 0 : next + 1;
            }

            return sink;
        }

        // Requests filled once, asked again (evaluate-only).
        long AsFilled(int count)
        {
            long sink = 0;
            for (int i = 0; i < count; i++)
            {
                sink += (int)set.Evaluate(filled[next]).Decision;
                next = next + 1 == filled.Length ? 0 : next + 1;
            }

            return sink;
        }
    }

    /// <summary>Throws unless <paramref name="mode"/> is one <see cref="Prepare"/> knows.</summary>
    /// <param name="mode">fill, fill-pooled or evaluate.</param>
    internal static void CheckMode(string mode)
    {
        if (mode is not ("fill" or "fill-pooled" or "evaluate"))
        {
            throw UnknownMode(mode);
        }
    }

    private static ArgumentException UnknownMode(string mode) =>
        new($"unknown mode `{mode}`: fill, fill-pooled or evaluate", nameof(mode));

    /// <summary>Decisions with one request reused, as the server (one per connection) and the gateways (one per thread) do: the queries in turn, each filled, then decided.</summary>
    /// <param name="set">The set deciding.</param>
    /// <param name="request">The request refilled for every decision.</param>
    /// <param name="queries">The questions, asked in turn from where the last block stopped.</param>
    internal static Func<int, long> Filling(CompiledPolicySet set, AuthorizationRequest request, AuthorizationQuery[] queries)
    {
        int next = 0;
        return count =>
        {
            long sink = 0;
            for (int i = 0; i < count; i++)
            {
                QueryRequests.Fill(request, queries[next]);
                sink += (int)set.Evaluate(request).Decision;
                next = next + 1 == queries.Length ? 0 : next + 1;
            }

            return sink;
        };
    }
}
