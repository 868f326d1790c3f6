using System.Linq.Expressions;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Emit;

public static partial class PolicySetCompiler
{
    /// <summary>
    /// AppContext switch: compiled plans compute every atom through the request's memo, as the
    /// chunk delegates do, instead of in locals of their own with the pattern's literals in their
    /// code. Read when a plan is compiled; for the benchmark that measures one against the other
    /// in one process (<c>Engine.Benchmarks cpu-ab</c>). Decisions are the same either way.
    /// </summary>
    public const string RememberPlanAtomsSwitch = "Engine.Compiler.RememberPlanAtoms";

    // One busy action's candidates checked in one straight line (ActionPlan.FirstApplicable):
    //   (request, from) =>
    //   {
    //       int atom0 = 0, …;                             (an atom the plan may meet more than once)
    //       if (from <= 0 && <checks of candidate 0>) return 0;
    //       if (from <= 1) return 1;                      (a candidate whose checks always hold)
    //       …
    //       return <candidate count>;
    //   }
    // The checks are the ones EmitStatement builds for the chunk delegates, in the same order; only
    // the atoms are computed without the memo where the plan can keep them itself (PlanAtomCalls).
    internal static Func<AuthorizationRequest, int, int> CompileFirstApplicable(IReadOnlyList<StatementCheck?> checks, ActionPlan plan)
    {
        bool rememberAll = AppContext.TryGetSwitch(RememberPlanAtomsSwitch, out bool all) && all;
        ParameterExpression request = Expression.Parameter(typeof(AuthorizationRequest), "request");
        ParameterExpression from = Expression.Parameter(typeof(int), "from");
        LabelTarget found = Expression.Label(typeof(int), "found");
        int[] candidates = plan.Candidates;
        var atoms = new PlanAtomCalls([.. candidates.Select(id => checks[id])], StretchesOf(plan), rememberAll);
        var lines = new List<Expression>(candidates.Length + 1);
        for (int at = 0; at < candidates.Length; at++)
        {
            Expression reached = Expression.LessThanOrEqual(from, Expression.Constant(at));
            Expression applies = checks[candidates[at]] is { } check ? Expression.AndAlso(reached, EmitStatement(check, request, atoms)) : reached;
            lines.Add(Expression.IfThen(applies, Expression.Return(found, Expression.Constant(at))));
        }

        lines.Add(Expression.Label(found, Expression.Constant(candidates.Length)));
        ParameterExpression[] locals = [.. atoms.Locals];
        IEnumerable<Expression> notYet = locals.Select(local => Expression.Assign(local, Expression.Constant(0)));
        return Expression
            .Lambda<Func<AuthorizationRequest, int, int>>(Expression.Block(locals, [.. notYet, .. lines]), $"Plan_{plan.FoldedAction}", [request, from])
            .Compile();
    }

    // By position of the plan's candidates: its stretch (PlanAtomCalls). DecideCompiledPlan enters
    // at 0, and after an Allow at position k at Denies + AfterGrant[k]; each of those entry points
    // but 0 starts a new stretch.
    internal static int[] StretchesOf(ActionPlan plan)
    {
        int denies = plan.Denies.Length;
        var entries = new bool[plan.Candidates.Length + 1];
        foreach (int next in plan.AfterGrant)
        {
            entries[denies + next] = true;
        }

        var stretchOf = new int[plan.Candidates.Length];
        int stretch = 0;
        for (int at = 0; at < stretchOf.Length; at++)
        {
            stretch += at > 0 && entries[at] ? 1 : 0;
            stretchOf[at] = stretch;
        }

        return stretchOf;
    }

    /// <summary>Compiles a plan on the thread that asks, at its first decision (sets compiled whole by <see cref="Compile"/>).</summary>
    private sealed class ImmediatePlanCompilation : PlanCompilation
    {
        public static readonly ImmediatePlanCompilation Instance = new();

        public override int Threshold => 1;

        public override void Compile(CompiledPolicySet set, ActionPlan plan)
        {
            try
            {
                plan.Install(CompileFirstApplicable(set.Checks, plan));
            }
#pragma warning disable CA1031 // Called inside Evaluate: a failure leaves the plan on the loop, which answers the same, and never fails the decision.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    /// <summary>
    /// Compiles a busy plan on the promotion thread (tiered sets): the decision that finds it busy
    /// does not wait, and later ones switch to it once installed.
    /// </summary>
    private sealed class BackgroundPlanCompilation : PlanCompilation
    {
        public static readonly BackgroundPlanCompilation Instance = new();

        // Enough decisions that a plan seen once or twice (a scan of actions) is never compiled.
        public override int Threshold => 256;

        public override void Compile(CompiledPolicySet set, ActionPlan plan) => TierPromoter.EnqueuePlan(set, plan);
    }

    /// <summary>
    /// One live plan compiled in the background, counted against <see cref="ProcessLimit"/>: a
    /// sidecar's tiered sets (a bundle of thousands of principals, reloaded) hold a bounded number
    /// of compiled plans however many sets they are. A plan holds its lease; the count goes down
    /// when the plan (with its set) is collected and the lease finalized.
    /// </summary>
    internal sealed class CompiledPlanLease
    {
        /// <summary>Background-compiled plans alive at once in a process, at most (each is one dynamic method).</summary>
        internal const int ProcessLimit = 4096;

        private static int s_live;

        private CompiledPlanLease()
        {
        }

        ~CompiledPlanLease() => Interlocked.Decrement(ref s_live);

        /// <summary>A lease, or null when <see cref="ProcessLimit"/> plans are alive.</summary>
        public static CompiledPlanLease? TryTake()
        {
            if (Interlocked.Increment(ref s_live) <= ProcessLimit)
            {
                return new CompiledPlanLease();
            }

            Interlocked.Decrement(ref s_live);
            return null;
        }
    }
}
