using System.Collections.Concurrent;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Emit;

/// <summary>
/// Promotes tiered sets (<see cref="PolicySetCompiler.CompileTiered"/>) from the plain matcher to
/// compiled IL, and compiles their busy action plans, one at a time on one background thread, in
/// the order they were asked for.
/// </summary>
/// <remarks>
/// One thread, not a task per set: a bundle load compiles ~1,000 sets, and a thread-pool item each
/// would take every core from the requests those sets already answer. The queue holds its sets
/// weakly, so a set dropped before its turn (an old bundle after a reload) costs nothing.
/// </remarks>
internal static class TierPromoter
{
    private static readonly BlockingCollection<Work> s_queue = [];
    private static readonly Lazy<Thread> s_worker = new(StartWorker, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Queues a set; the task completes once it is promoted, or skipped because it was collected.</summary>
    /// <param name="set">A set compiled by <see cref="PolicySetCompiler.CompileMatcher(Model.PolicySet)"/>.</param>
    public static Task Enqueue(CompiledPolicySet set)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Add(new Work(new WeakReference<CompiledPolicySet>(set), Plan: null, done));
        return done.Task;
    }

    /// <summary>Queues a busy plan of a promoted set for its compiled checks (<see cref="ActionPlan.FirstApplicable"/>).</summary>
    /// <param name="set">The set the plan belongs to.</param>
    /// <param name="plan">The plan.</param>
    public static void EnqueuePlan(CompiledPolicySet set, ActionPlan plan) =>
        Add(new Work(new WeakReference<CompiledPolicySet>(set), plan, Done: null));

    private static void Add(Work work)
    {
        s_queue.Add(work);
        _ = s_worker.Value;
    }

    private static Thread StartWorker()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "engine tier promotion", Priority = ThreadPriority.BelowNormal };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        foreach (Work work in s_queue.GetConsumingEnumerable())
        {
            try
            {
                if (work.Set.TryGetTarget(out CompiledPolicySet? set))
                {
                    if (work.Plan is { } plan)
                    {
                        if (PolicySetCompiler.CompiledPlanLease.TryTake() is { } lease)
                        {
                            plan.Install(PolicySetCompiler.CompileFirstApplicable(set.Checks, plan), lease);
                        }
                        else
                        {
                            // The process holds its limit of compiled plans (some perhaps of sets
                            // already dropped and not yet finalized): ask again later.
                            set.PostponeCompile(plan);
                        }
                    }
                    else
                    {
                        PolicySetCompiler.Promote(set);
                    }
                }

                work.Done?.SetResult();
            }
#pragma warning disable CA1031 // Any failure leaves the set on the matcher (or the plan on its loop), which answers the same; a waiter sees why.
            catch (Exception e)
#pragma warning restore CA1031
            {
                work.Done?.SetException(e);
            }
        }
    }

    // A set to promote (Plan null) or a plan of a set to compile; Done completes a promotion's task.
    private sealed record Work(WeakReference<CompiledPolicySet> Set, ActionPlan? Plan, TaskCompletionSource? Done);
}
