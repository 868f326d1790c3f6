using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Emit;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Runtime.Tests.Evaluation;

/// <summary>The two-way table of a set's action plans: who stays, who is found, who is not.</summary>
public sealed class ActionPlanCacheTests
{
    // A five-statement set gets 16 entries; hashes 3 and 19 both map to entry 3 (its pair is 2).
    private static ActionPlan Plan(string action, int hash) => new(action, hash, [], [], []);

    [Fact]
    public void Two_actions_of_one_entry_both_keep_their_plans()
    {
        var cache = new ActionPlanCache(statementCount: 5);
        ActionPlan get = Plan("s3:getobject", 3), put = Plan("s3:putobject", 19);
        cache.Remember(get);
        cache.Remember(put);

        Assert.Same(get, cache.Recall("s3:getobject", 3));
        Assert.Same(put, cache.Recall("s3:putobject", 19));
    }

    [Fact]
    public void A_third_action_of_a_full_pair_grows_the_table_and_all_three_keep_their_plans()
    {
        var cache = new ActionPlanCache(statementCount: 5);
        ActionPlan[] plans = [Plan("a:one", 3), Plan("a:two", 19), Plan("a:three", 35)];
        foreach (ActionPlan plan in plans)
        {
            cache.Remember(plan);
        }

        Assert.Equal(32, cache.SlotCount);
        Assert.All(plans, p => Assert.Same(p, cache.Recall(p.FoldedAction, p.Hash)));
    }

    [Fact]
    public void The_seeds_actions_all_keep_their_plans_in_a_four_statement_set()
    {
        // The seed's eleven actions: in a fixed 16-entry table three of them shared one pair and
        // replaced each other's plans on every request until the set's budget was spent.
        string[] actions =
        [
            "IAM:GETUSER", "IAM:ENABLEMFADEVICE", "IAM:DEACTIVATEMFADEVICE", "IAM:CREATEVIRTUALMFADEVICE", "IAM:LISTMFADEVICES",
            "IAM:RESYNCMFADEVICE", "IAM:LISTUSERS", "IAM:LISTVIRTUALMFADEVICES", "S3:LISTBUCKET", "STS:GETSESSIONTOKEN", "IAM:CREATEUSER",
        ];
        var cache = new ActionPlanCache(statementCount: 4);
        ActionPlan[] plans = [.. actions.Select(a => Plan(a, ActionPlanCache.HashOf(a)))];
        foreach (ActionPlan plan in plans)
        {
            cache.Remember(plan);
        }

        Assert.All(plans, p => Assert.Same(p, cache.Recall(p.FoldedAction, p.Hash)));
    }

    [Fact]
    public void Actions_that_differ_only_in_their_last_character_all_keep_their_plans()
    {
        // S3:GET0 … S3:GET73: the hash's low bits once ignored the last character, so the ten of
        // each decade shared one pair of slots and replaced each other's plans at any table size.
        var cache = new ActionPlanCache(statementCount: 12);
        ActionPlan[] plans = [.. Enumerable.Range(0, 74).Select(i => "S3:GET" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(a => Plan(a, ActionPlanCache.HashOf(a)))];
        foreach (ActionPlan plan in plans)
        {
            cache.Remember(plan);
        }

        Assert.All(plans, p => Assert.Same(p, cache.Recall(p.FoldedAction, p.Hash)));
    }

    [Fact]
    public void No_two_actions_of_the_service_reference_share_a_hash()
    {
        // HashOf reads eight bytes a step and the last eight again: a character left out, or a
        // step that did not reach the result, gives equal hashes to actions that differ there (of
        // the reference's 22,091 actions, hundreds of groups share their length and their first
        // and last eight characters). A hash that spreads them as a random one would gives no
        // equal pair with a probability of about 94 %; this one gives none.
        string[] actions = [.. Engine.Catalog.ServiceReference.Actions.Select(a => (a.ServicePrefix + ":" + a.Name).ToUpperInvariant()).Distinct()];
        var byHash = actions.GroupBy(a => ActionPlanCache.HashOf(a)).Where(g => g.Count() > 1).Select(g => string.Join(", ", g)).ToList();
        Assert.True(actions.Length > 20_000);
        Assert.Empty(byHash);
    }

    [Fact]
    public void A_set_deciding_the_seed_again_and_again_builds_one_plan_per_action()
    {
        DecisionCase[] cases = [.. CaseFileSet.Load([Path.Combine(TestData.VectorsDirectory, "mfa-self-service.json")]).Cases];
        CompiledPolicySet set = PolicySetCompiler.CompileMatcher(cases[0].Policies!);
        var request = new AuthorizationRequest();
        for (int round = 0; round < 50; round++)
        {
            foreach (DecisionCase decisionCase in cases)
            {
                QueryRequests.Fill(request, decisionCase.Query);
                _ = set.Evaluate(request);
            }
        }

        // At most one per distinct action (sts:GetSessionToken needs none: amendments §15.8).
        int actions = cases.Select(c => c.Query.Action.ToUpperInvariant()).Distinct().Count();
        Assert.InRange(set.PlanBuilds, actions - 1, actions);
    }

    [Fact]
    public void At_its_largest_the_table_replaces_one_of_a_full_pair()
    {
        // Hashes equal in their low twelve bits share a pair at every size up to MaxSlots.
        var cache = new ActionPlanCache(statementCount: 5);
        ActionPlan[] plans = [.. Enumerable.Range(0, 6).Select(i => Plan($"a:op{i}", (i << 12) | 3))];
        foreach (ActionPlan plan in plans)
        {
            cache.Remember(plan);
        }

        Assert.Equal(ActionPlanCache.MaxSlots, cache.SlotCount);
        Assert.Same(plans[^1], cache.Recall(plans[^1].FoldedAction, plans[^1].Hash));
        Assert.Equal(2, plans.Count(p => cache.Recall(p.FoldedAction, p.Hash) is not null));
    }

    [Fact]
    public void An_action_is_not_given_a_plan_of_another_with_the_same_hash()
    {
        var cache = new ActionPlanCache(statementCount: 5);
        cache.Remember(Plan("s3:getobject", 3));
        Assert.Null(cache.Recall("s3:getobjectacl", 3));
        Assert.Null(cache.Recall("s3:getobject", 19));
    }
}
