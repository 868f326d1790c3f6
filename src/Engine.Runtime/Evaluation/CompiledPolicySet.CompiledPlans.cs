using Engine.Runtime.Matching;

namespace Engine.Runtime.Evaluation;

public sealed partial class CompiledPolicySet
{
    /// <summary>Plans of one set compiled at most (each is one dynamic method: bounded for memory).</summary>
    internal const int CompiledPlanLimit = 64;

    /// <summary>The most candidates a compiled plan checks (a longer one stays on the loop: the JIT optimises large methods less).</summary>
    internal const int CompiledPlanMaxCandidates = 128;

    // Null until the set is promoted to emitted delegates, and for interpreted trees.
    private PlanCompilation? _planCompilation;
    private int _plansCompiled;

    /// <summary>The plans this set has asked to have compiled (what the tests observe).</summary>
    internal int CompiledPlanRequests => Math.Min(Volatile.Read(ref _plansCompiled), CompiledPlanLimit);

    /// <summary>Whether the plan of <paramref name="action"/> runs compiled (what the tests observe).</summary>
    /// <param name="action">An action this set has decided.</param>
    internal bool HasCompiledPlan(string action)
    {
        var folded = new char[action.Length];
        return ActionText.TryFoldWellFormed(action, folded)
            && _plans.Recall(folded, ActionPlanCache.HashOf(folded))?.FirstApplicable is not null;
    }

    // Whether a plan of these candidates may be compiled: every candidate is decided by its checks
    // alone (no principal to match, so no match kind to record) and there are not too many.
    private bool MayCompile(int[] denies, int[] allows)
    {
        if (denies.Length + allows.Length is 0 or > CompiledPlanMaxCandidates)
        {
            return false;
        }

        foreach (int id in denies)
        {
            if (_principals[id] is not null)
            {
                return false;
            }
        }

        foreach (int id in allows)
        {
            if (_principals[id] is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Gives back the budget of a plan whose compile was refused for now (the process holds as many
    /// compiled plans as it may); the plan asks again after another threshold of decisions.
    /// </summary>
    /// <param name="plan">The plan that asked.</param>
    internal void PostponeCompile(ActionPlan plan)
    {
        Interlocked.Decrement(ref _plansCompiled);
        plan.AskAgainLater();
    }

    // Counts a decision of a plan not yet compiled and, at its threshold, asks for it once.
    private void NoteUncompiledUse(ActionPlan plan)
    {
        if (Volatile.Read(ref _planCompilation) is { } compilation
            && plan.NoteUse(compilation.Threshold)
            && Interlocked.Increment(ref _plansCompiled) <= CompiledPlanLimit)
        {
            compilation.Compile(this, plan);
        }
    }

    // The plan loop of Evaluate with the plan's checks compiled into one method: the same
    // candidates, checked in the same order, so the same statement decides.
    // PERF (overlap-10x50 with fill, a fifth of a decision in the 16-statement chunk delegates and
    // a tenth in Evaluate's loop around them): one call checks every Deny and runs on to the first
    // applicable Allow, without a load, an indirect call and a jump table per candidate.
    // INVARIANT (plan order): FirstApplicable checks Candidates — the Denies, then the Allows — from
    // `from` on and stops at the first that applies, as the loop's Applies calls do; every
    // candidate has no principal matcher (MayCompile), so its match kind is Direct, as Applies says.
    private EvaluationResult DecideCompiledPlan(
        ActionPlan plan,
        Func<AuthorizationRequest, int, int> firstApplicable,
        AuthorizationRequest request,
        ReadOnlySpan<char> principal,
        in CallerInfo caller,
        Span<int> scpFirstAllow,
        ServiceRule rule)
    {
        int[] candidates = plan.Candidates, afterGrant = plan.AfterGrant;
        int denies = plan.Denies.Length;
        int at = firstApplicable(request, 0);
        if (at < denies)
        {
            // SPEC: §16 step 1 — the first applicable Deny in id order decides.
            return new EvaluationResult(Decision.ExplicitDeny, candidates[at], EvaluationStatus.Ok);
        }

        var grants = new Grants();
        while (at < candidates.Length)
        {
            int id = candidates[at];
            grants.Record(_grantKinds[id], id, PrincipalMatchKind.Direct, scpFirstAllow);
            int next = denies + afterGrant[at - denies];
            if (next >= candidates.Length)
            {
                break;
            }

            at = firstApplicable(request, next);
        }

        return Combine(ref grants, scpFirstAllow, caller, IsSameAccount(request, principal, caller), rule);
    }
}
