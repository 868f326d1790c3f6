using System.Globalization;
using Engine.Compiler;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Benchmarks;

/// <summary>
/// <c>Engine.Benchmarks cpu-ab WORKLOAD DECISIONS</c>: compiled plans with their atoms in locals and
/// their patterns' literals in their code, against the same plans computing every atom through the
/// request's memo (<see cref="PolicySetCompiler.RememberPlanAtomsSwitch"/>), decided with fill in
/// one process, in alternating blocks on one thread, each block timed by the thread's CPU time.
/// </summary>
/// <remarks>
/// On this project's shared development machine one process's figure moves by up to 2× between
/// runs a minute apart, and two processes at once disturb each other (docs/benchmarks.md §6, "A slow
/// phase"); blocks of 20,000 decisions taken in turn see the same minutes, so a difference of a few
/// per cent is resolved. Both sets come from one build, so this compares only what the switch changes.
/// </remarks>
internal static partial class DecisionCpuTime
{
    internal const int AbBlock = 20_000, AbWarmRounds = 5;

    public static int RunPlanAtomsAb(string workload, int decisions)
    {
        (PolicySet policies, AuthorizationQuery[] queries) = Load(workload);
        var request = new AuthorizationRequest();
        // Set 0 computes its plans' atoms through the memo, set 1 in the plans' locals.
        bool[] remembered = [true, false];
        var sets = new CompiledPolicySet[remembered.Length];
        int sink = 0;
        for (int v = 0; v < sets.Length; v++)
        {
            // The switch is read as each plan compiles: at its action's first decision, here.
            AppContext.SetSwitch(PolicySetCompiler.RememberPlanAtomsSwitch, remembered[v]);
            sets[v] = PolicySetCompiler.Compile(policies);
            foreach (AuthorizationQuery query in queries)
            {
                QueryRequests.Fill(request, query);
                sink += (int)sets[v].Evaluate(request).Decision;
            }
        }

        AppContext.SetSwitch(PolicySetCompiler.RememberPlanAtomsSwitch, false);
        Func<int, long>[] variants = [.. sets.Select(set => AbDriver.Filling(set, request, queries))];
        (double[] perDecision, int timedRounds, long blocksSink) = TimeAlternatingBlocks(variants, decisions);
        double memo = perDecision[0], locals = perDecision[1];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{workload} fill, {timedRounds} rounds of {AbBlock} decisions each, checksum {sink + blocksSink}: atoms through the memo {memo:F1} ns, in plan locals {locals:F1} ns, locals/memo {locals / memo:F3}"));
        return 0;
    }

    /// <summary>
    /// Runs the variants in alternating blocks of <see cref="AbBlock"/> decisions on this thread
    /// (pinned when <c>ENGINE_BENCH_CPU</c> asks), each round starting with the next variant so that
    /// none always follows another, and returns each one's thread CPU per decision over the rounds
    /// after the first <see cref="AbWarmRounds"/>.
    /// </summary>
    /// <param name="variants">Each runs the given number of decisions and returns a checksum.</param>
    /// <param name="decisions">Decisions in all, warm-up rounds included.</param>
    internal static (double[] NsPerDecision, int TimedRounds, long Sink) TimeAlternatingBlocks(Func<int, long>[] variants, int decisions)
    {
        PinToCpuWhenAsked();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var spent = new long[variants.Length];
        long sink = 0;
        int rounds = Math.Max(decisions / (AbBlock * variants.Length), AbWarmRounds + 1);
        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < variants.Length; k++)
            {
                int v = (k + round) % variants.Length;
                long start = ThreadCpuNanoseconds();
                sink += variants[v](AbBlock);
                if (round >= AbWarmRounds)
                {
                    spent[v] += ThreadCpuNanoseconds() - start;
                }
            }
        }

        double timed = (double)(rounds - AbWarmRounds) * AbBlock;
        return ([.. spent.Select(ns => ns / timed)], rounds - AbWarmRounds, sink);
    }
}
