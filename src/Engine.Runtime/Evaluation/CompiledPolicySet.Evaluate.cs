using System.Numerics;
using Engine.Runtime.Matching;

namespace Engine.Runtime.Evaluation;

public sealed partial class CompiledPolicySet
{
    /// <summary>
    /// Decides a request (iam-semantics.md §16). Allocates nothing once the request is warm.
    /// </summary>
    /// <param name="request">
    /// The filled request; it is not changed except for its scratch memory and, for context keys
    /// given as text that the set reads, the key's <see cref="ConditionKey"/> it records (the same
    /// key, so a later evaluation decides the same, only faster).
    /// </param>
    public EvaluationResult Evaluate(AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ReadOnlySpan<char> action = request.Action;

        // SPEC: §1.1 shape check; PERF: the same pass folds the action once for the trie.
        Span<char> folded = request.FoldBuffer(action.Length);
        if (!ActionText.TryFoldWellFormed(action, folded))
        {
            return EvaluationResult.Rejected(EvaluationStatus.MalformedAction);
        }

        if (request.HasDuplicateContextKey)
        {
            return EvaluationResult.Rejected(EvaluationStatus.DuplicateContextKey);
        }

        ReadOnlySpan<char> principal = request.Principal;
        CallerInfo caller = request.ClassifyPrincipal();
        if (_hasSession && caller.Kind is not (CallerKind.RoleSession or CallerKind.FederatedUser or CallerKind.Role))
        {
            return EvaluationResult.Rejected(EvaluationStatus.SessionPolicyWithoutSession);
        }

        // SPEC: amendments §15.8 (§16 step 0) — requests that need no permission; nothing is evaluated.
        ServiceRule rule = ServiceRules.Classify(folded, request.Resource);
        if (ServiceRules.IsNotControlledByPolicy(rule, caller.Kind))
        {
            return new EvaluationResult(Decision.Allow, -1, EvaluationStatus.Ok);
        }

        request.Caller = caller;
        request.BeginEvaluation();
        ResolveSlots(request);

        // Level gates for SCPs: the first applicable Allow of each level, or -1.
        // PERF: kept in the request's scratch, not stackalloc'd: a method with localloc is not
        // inlined into by the JIT and loses some dynamic-PGO optimisations.
        Span<int> scpFirstAllow = request.PrepareScpGates(_scpLevels);
        var grants = new Grants();

        // PERF: only statements whose action element selects the request are looked at; a NotAction
        // statement is a candidate when its patterns did not match, hence the XOR with its mask.
        // PERF (OverlapBenchmarks, overlap-10x50 and 20x100): the Deny candidates are checked first
        // and an Allow only while it can still change a grant, so a request whose action many
        // statements share stops looking at Allows once its first applicable one is found.
        // Before → after, decision with fill (overlap-profile, shared cores, docs/benchmarks.md §6):
        // 10x50 3124 → 1690 ns, 20x100 15699 → 4182 ns.
        // DIVERGENCE: the reference checks every statement; the deciding statement is the same
        // (INVARIANT (first grant) at MayChangeGrant).
        if (_useDecisionPlan && PlanFor(request, action, folded) is { } plan)
        {
            // A busy action's plan is compiled into one method (CompiledPlans.cs); a set compiled
            // whole compiles it here, at its first decision, which then uses it.
            if (plan.MayCompile && plan.FirstApplicable is null)
            {
                NoteUncompiledUse(plan);
            }

            if (plan.FirstApplicable is { } firstApplicable)
            {
                return DecideCompiledPlan(plan, firstApplicable, request, principal, caller, scpFirstAllow, rule);
            }

            // The same visits as the bit-set loops below, over the action's remembered candidates.
            foreach (int id in plan.Denies)
            {
                if (Applies(request, principal, caller, id, out _))
                {
                    return new EvaluationResult(Decision.ExplicitDeny, id, EvaluationStatus.Ok);
                }
            }

            // PERF (overlap-20x100): once an Allow of a first-grant kind applies, the rest of its
            // run is skipped in one step instead of asking MayChangeGrant of every one of them.
            int[] allows = plan.Allows, afterGrant = plan.AfterGrant;
            for (int k = 0; k < allows.Length;)
            {
                int id = allows[k];
                if (Applies(request, principal, caller, id, out PrincipalMatchKind match))
                {
                    grants.Record(_grantKinds[id], id, match, scpFirstAllow);
                    k = afterGrant[k];
                }
                else
                {
                    k++;
                }
            }

            return Combine(ref grants, scpFirstAllow, caller, IsSameAccount(request, principal, caller), rule);
        }

        Span<ulong> candidates = request.PrepareActionBits(_statements.Length);
        _actions.MatchFolded(action, folded, candidates);
        if (_useDecisionPlan)
        {
            // No plan: the set has built as many as it may (ActionPlanCache.BuildLimit).
            for (int word = 0; word < candidates.Length; word++)
            {
                ulong bits = (candidates[word] ^ _notActionMask[word]) & _denyMask[word];
                while (bits != 0)
                {
                    int id = (word << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    if (Applies(request, principal, caller, id, out _))
                    {
                        // SPEC: §16 step 1 — ids are in §17's order and Denies are visited in id
                        // order, so the first applicable Deny decides (the reference's ExplicitDeny).
                        return new EvaluationResult(Decision.ExplicitDeny, id, EvaluationStatus.Ok);
                    }
                }
            }

            for (int word = 0; word < candidates.Length; word++)
            {
                ulong bits = (candidates[word] ^ _notActionMask[word]) & ~_denyMask[word];
                while (bits != 0)
                {
                    int id = (word << 6) + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    if (id >= _statements.Length)
                    {
                        break;
                    }

                    if (MayChangeGrant(ref grants, _grantKinds[id], scpFirstAllow) && Applies(request, principal, caller, id, out PrincipalMatchKind match))
                    {
                        grants.Record(_grantKinds[id], id, match, scpFirstAllow);
                    }
                }
            }

            return Combine(ref grants, scpFirstAllow, caller, IsSameAccount(request, principal, caller), rule);
        }

        // The plain scan, kept for the benchmark that measures the plan against it
        // (DisableDecisionPlanSwitch).
        for (int word = 0; word < candidates.Length; word++)
        {
            ulong bits = candidates[word] ^ _notActionMask[word];
            while (bits != 0)
            {
                int id = (word << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (id >= _statements.Length)
                {
                    break;
                }

                if (!Applies(request, principal, caller, id, out PrincipalMatchKind match))
                {
                    continue;
                }

                // SPEC: §16 step 1 — ids are in §17's order, so the first applicable Deny decides
                // (the reference's ExplicitDeny).
                // DIVERGENCE: the reference collects every applicable statement and lists every
                // Deny; here the scan stops at the first, which is the reference's first.
                CompiledStatement statement = _statements[id];
                if (statement.IsDeny)
                {
                    return new EvaluationResult(Decision.ExplicitDeny, id, EvaluationStatus.Ok);
                }

                grants.Record(_grantKinds[id], id, match, scpFirstAllow);
            }
        }

        return Combine(ref grants, scpFirstAllow, caller, IsSameAccount(request, principal, caller), rule);
    }

    // The remembered candidates of the action, built now on its first use; null once the set may
    // build no more plans.
    private ActionPlan? PlanFor(AuthorizationRequest request, ReadOnlySpan<char> action, ReadOnlySpan<char> folded)
    {
        int hash = ActionPlanCache.HashOf(folded);
        ActionPlan? plan = _plans.Recall(folded, hash);
        if (plan is not null || !_plans.TryReserveBuild())
        {
            return plan;
        }

        Span<ulong> candidates = request.PrepareActionBits(_statements.Length);
        _actions.MatchFolded(action, folded, candidates);
        var denies = new List<int>();
        var allows = new List<int>();
        for (int word = 0; word < candidates.Length; word++)
        {
            // A NotAction statement is a candidate when its patterns did not match (§4.2).
            ulong bits = candidates[word] ^ _notActionMask[word];
            while (bits != 0)
            {
                int id = (word << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (id < _statements.Length)
                {
                    (_statements[id].IsDeny ? denies : allows).Add(id);
                }
            }
        }

        int[] denyIds = [.. denies], allowIds = [.. allows];
        plan = new ActionPlan(new string(folded), hash, denyIds, allowIds, AfterGrantOf(allows)) { MayCompile = MayCompile(denyIds, allowIds) };
        _plans.Remember(plan);
        return plan;
    }

    // SPEC: §3 — principal (resource policies and RCPs), then resource and conditions; the action
    // was matched by the trie.
    private bool Applies(AuthorizationRequest request, ReadOnlySpan<char> principal, in CallerInfo caller, int id, out PrincipalMatchKind match)
    {
        match = PrincipalMatchKind.Direct;
        PrincipalMatcher? matcher = _principals[id];
        if (matcher is not null)
        {
            match = matcher.Match(principal, caller);
            if (match == PrincipalMatchKind.None || (_statements[id].IsEndpoint && !EndpointPrincipalHolds(match, _statements[id].IsDeny, caller.Kind)))
            {
                return false;
            }
        }

        StatementCheck? check = _checks[id];
        if (check is null)
        {
            return true;
        }

        // One read of the tier: the emitted delegates once promoted, else the plain matcher.
        Func<AuthorizationRequest, int, bool>?[]? chunks = Volatile.Read(ref _predicateChunks);
        return chunks is null ? check.IsMatch(request) : chunks[id / PredicateChunkSize]!(request, id % PredicateChunkSize);
    }

    // SPEC: amendments §15.6.3 — in an endpoint policy an account entry holds in an Allow only for
    // that account's root user (D19), in a Deny for every caller of the account.
    // DIVERGENCE: the reference turns the match into holds/does not hold in MatchesEndpointPrincipal;
    // here the same test reads the matcher's kind; both use §8's matching unchanged underneath.
    private static bool EndpointPrincipalHolds(PrincipalMatchKind match, bool isDeny, CallerKind kind) =>
        match != PrincipalMatchKind.ViaAccount || isDeny || kind == CallerKind.Root;

    // PERF (seed, evaluate-only profile: a sixth of a decision in comparing three text keys): a
    // text key found by its text learns its atom, so the next evaluation of the same filled
    // request (another set, or the same one again) finds it by id.
    // PERF (overlap-10x50 with fill, 7 % of a decision): a request whose whole context is one
    // PreparedContext reads the slots this set's keys resolved to for it before, where the
    // context keeps them (AuthorizationRequest.UseResolvedSlots: not copied).
    private void ResolveSlots(AuthorizationRequest request)
    {
        PreparedContext? whole = request.WholeContext;
        if (whole?.ResolvedSlots(_slots.Id) is { } known)
        {
            request.UseResolvedSlots(known);
            return;
        }

        Span<int> slots = request.PrepareSlots(_slotCount);
        int count = request.ContextCount;
        for (int i = 0; i < count; i++)
        {
            int atom = request.ContextKeyAtomId(i);
            int slot;
            if (atom != 0)
            {
                slot = _slots.SlotOfAtom(atom);
            }
            else
            {
                slot = _slots.SlotOf(request.ContextKey(i), request.ContextKeyFingerprint(i), out int learned);
                if (learned != 0)
                {
                    request.LearnContextKeyAtom(i, learned);
                }
            }

            if (slot >= 0)
            {
                slots[slot] = i;
            }
        }

        // INVARIANT (whole context): a request whose context is exactly the prepared one has its
        // rows, in its order, so these entry indices hold for every such request.
        whole?.RememberSlots(_slots.Id, slots);
    }

    // SPEC: §1.3 — resourceAccount, else the ARN's account field, else the principal's account
    // (the reference's ResourceAccountOf and RequestView.SameAccount).
    // DIVERGENCE: the reference splits the resource string; here ArnFields locates the same fifth
    // field without allocating.
    private static bool IsSameAccount(AuthorizationRequest request, ReadOnlySpan<char> principal, in CallerInfo caller)
    {
        if (!caller.HasAccount)
        {
            return false;
        }

        ReadOnlySpan<char> account = request.ResourceAccount;
        if (account.IsEmpty && ArnFields.TryParse(request.Resource, out ArnFields arn))
        {
            account = request.Resource[arn.Account];
        }

        return account.IsEmpty || account.SequenceEqual(caller.Account(principal));
    }
}
