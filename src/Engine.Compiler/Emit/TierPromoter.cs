using System.Collections.Concurrent;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Emit;

/// <summary>
/// Promotes tiered sets (<see cref="PolicySetCompiler.CompileTiered"/>) from the plain matcher to
/// compiled IL, one set at a time on one background thread, in the order they were compiled.
/// </summary>
/// <remarks>
/// One thread, not a task per set: a bundle load compiles ~1,000 sets, and a thread-pool item each
/// would take every core from the requests those sets already answer. The queue holds its sets
/// weakly, so a set dropped before its turn (an old bundle after a reload) costs nothing.
/// </remarks>
internal static class TierPromoter
{
    private static readonly BlockingCollection<(WeakReference<CompiledPolicySet> Set, TaskCompletionSource Done)> s_queue = [];
    private static readonly Lazy<Thread> s_worker = new(StartWorker, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Queues a set; the task completes once it is promoted, or skipped because it was collected.</summary>
    /// <param name="set">A set compiled by <see cref="PolicySetCompiler.CompileMatcher(Model.PolicySet)"/>.</param>
    public static Task Enqueue(CompiledPolicySet set)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        s_queue.Add((new WeakReference<CompiledPolicySet>(set), done));
        _ = s_worker.Value;
        return done.Task;
    }

    private static Thread StartWorker()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "engine tier promotion", Priority = ThreadPriority.BelowNormal };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        foreach ((WeakReference<CompiledPolicySet> reference, TaskCompletionSource done) in s_queue.GetConsumingEnumerable())
        {
            try
            {
                if (reference.TryGetTarget(out CompiledPolicySet? set))
                {
                    PolicySetCompiler.Promote(set);
                }

                done.SetResult();
            }
#pragma warning disable CA1031 // Any failure leaves the set on the matcher, which answers the same; the waiter sees why.
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        }
    }
}
