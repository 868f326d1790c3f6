using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Benchmarks;

/// <summary>
/// Decides a fixed number of requests on one workload and prints this thread's CPU time per
/// decision after a fifth of them as warm-up (<c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>). On
/// shared cores the wall clock also counts the time other processes held the core; this does not,
/// so two builds can be compared while other work runs (docs/benchmarks.md §6, "Shared atoms").
/// <c>Engine.Benchmarks cpu-time WORKLOAD DECISIONS [fill|fill-pooled|evaluate|fill-only|fill-text]</c>
/// (fill-pooled: a request rented from <see cref="AuthorizationRequestPool"/> and returned per
/// decision, as the BenchmarkDotNet job and <c>engine bench</c> do, where <c>fill</c> reuses one
/// request, as the server (one per connection) and the gateways (one per thread) do; fill-text:
/// the context keys given as strings instead of the case model's atomized keys); with
/// <c>ENGINE_BENCH_CPU=N</c> the deciding thread is pinned to CPU N.
/// </summary>
internal static partial class DecisionCpuTime
{
    /// <summary>The workloads it knows (the ones of docs/benchmarks.md).</summary>
    public static readonly string[] Workloads = ["seed-mfa", "overlap-10x50", "overlap-20x100", "10-largest-managed"];

    public static int Run(string workload, int decisions, string mode)
    {
        (PolicySet policies, AuthorizationQuery[] queries) = Load(workload);
        CompiledPolicySet set = PolicySetCompiler.Compile(policies);
        AuthorizationRequest[] filled = BenchmarkData.FilledAsAskedAgain(queries);
        var request = new AuthorizationRequest();
        int sink = 0;
        PinToCpuWhenAsked();

        // The loading and compiling left garbage: collect it now, not inside the timed loop.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Warm (tier-up) on a fifth of the run, then time the rest by this thread's CPU time: on
        // shared cores the wall clock counts the time other processes had the core, this does not.
        int warm = decisions / 5;
        long cpuStart = 0;
        for (int i = 0; i < decisions; i++)
        {
            if (i == warm)
            {
                cpuStart = ThreadCpuNanoseconds();
            }

            int q = i % queries.Length;
            switch (mode)
            {
                case "fill":
                    QueryRequests.Fill(request, queries[q]);
                    sink += (int)set.Evaluate(request).Decision;
                    break;
                case "fill-pooled":
                    {
                        // As OverlapBenchmarks.Compiled: a pooled request per decision.
                        AuthorizationRequest pooled = AuthorizationRequestPool.Rent();
                        QueryRequests.Fill(pooled, queries[q]);
                        sink += (int)set.Evaluate(pooled).Decision;
                        AuthorizationRequestPool.Return(pooled);
                        break;
                    }

                case "evaluate":
                    sink += (int)set.Evaluate(filled[q]).Decision;
                    break;
                case "fill-only":
                    QueryRequests.Fill(request, queries[q]);
                    sink += request.ContextCount;
                    break;
                case "fill-text":
                    FillWithTextKeys(request, queries[q]);
                    sink += (int)set.Evaluate(request).Decision;
                    break;
                default:
                    Console.Error.WriteLine($"cpu-time: unknown mode `{mode}` (fill, fill-pooled, evaluate, fill-only, fill-text)");
                    return 2;
            }
        }

        double nsPerDecision = (double)(ThreadCpuNanoseconds() - cpuStart) / (decisions - warm);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workload} {mode} {decisions} decisions, checksum {sink}, thread CPU {nsPerDecision:F1} ns per decision"));
        return 0;
    }

    // An embedder that gives its context keys as strings, not ConditionKeys: the public text API.
    // QueryRequests.Fill passes the case model's atomized keys, as an embedder with static keys does.
    private static void FillWithTextKeys(AuthorizationRequest request, AuthorizationQuery query)
    {
        request.Reset();
        request.SetPrincipal(query.Principal);
        request.SetAction(query.Action);
        request.SetResource(query.Resource);
        request.SetResourceAccount(query.ResourceAccount);
        foreach (ContextEntry entry in query.Context)
        {
            if (!entry.IsMultivalued)
            {
                request.AddContext(entry.Key, entry.Values[0]);
                continue;
            }

            request.BeginMultivaluedContext(entry.Key);
            foreach (string value in entry.Values)
            {
                request.AddContextValue(value);
            }
        }
    }

    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    // CLOCK_THREAD_CPUTIME_ID (Linux): the CPU time this thread has used.
    internal static long ThreadCpuNanoseconds() =>
        ClockGetTime(ClockThreadCpuTime, out TimeSpec time) == 0 ? (time.Seconds * 1_000_000_000) + time.Nanoseconds : throw new PlatformNotSupportedException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");

    // ENGINE_BENCH_CPU=N pins this thread (only: the JIT's background compiler and the GC keep the
    // other cores) to CPU N. On the 2-vCPU development VM the same binary decided 1.6-1.9x slower on
    // one vCPU than on the other, and which one changed between sessions (docs/benchmarks.md §6),
    // so an unpinned run is bimodal and a comparison pins both builds to the same, faster vCPU
    // (try each); a whole process pinned with taskset measures tier-0 code, because the
    // background tier-up then waits for the core.
    internal static void PinToCpuWhenAsked()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("ENGINE_BENCH_CPU"), CultureInfo.InvariantCulture, out int cpu) || cpu is < 0 or > 63)
        {
            return;
        }

        ulong mask = 1UL << cpu;
        if (SchedSetAffinity(0, sizeof(ulong), ref mask) != 0)
        {
            throw new PlatformNotSupportedException($"sched_setaffinity(CPU {cpu}) failed");
        }

        Console.Error.WriteLine($"cpu-time: this thread runs on CPU {cpu} only");
    }

    // sched_setaffinity(0, ...) sets the calling thread's mask on Linux.
    [LibraryImport("libc", EntryPoint = "sched_setaffinity")]
    private static partial int SchedSetAffinity(int pid, nint size, ref ulong mask);

    internal static (PolicySet Policies, AuthorizationQuery[] Queries) Load(string workload)
    {
        switch (workload)
        {
            case "seed-mfa":
                DecisionCase[] seed = BenchmarkData.SeedCases();
                return (seed[0].Policies!, [.. seed.Select(c => c.Query)]);
            case "10-largest-managed":
                ImmutableArray<PolicyDocument> largest = BenchmarkData.TenLargestManagedPolicies();
                return (new PolicySet(largest, null, [], [], null, null), BenchmarkData.QueriesFor(largest, 64));
            default:
                string path = Path.Combine(TestData.WorkloadsDirectory, workload + ".json");
                if (!File.Exists(path))
                {
                    throw new ArgumentException($"unknown workload `{workload}`; one of {string.Join(", ", Workloads)}", nameof(workload));
                }

                DecisionCase[] cases = [.. CaseFileSet.Load([path]).Cases];
                return (cases[0].Policies!, [.. cases.Select(c => c.Query)]);
        }
    }
}
