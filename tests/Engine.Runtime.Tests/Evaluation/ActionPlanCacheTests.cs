using Engine.Runtime.Evaluation;

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
    public void A_third_action_of_the_pair_replaces_one_and_is_found()
    {
        var cache = new ActionPlanCache(statementCount: 5);
        ActionPlan[] plans = [Plan("a:one", 3), Plan("a:two", 19), Plan("a:three", 35)];
        foreach (ActionPlan plan in plans)
        {
            cache.Remember(plan);
        }

        Assert.Same(plans[2], cache.Recall("a:three", 35));
        Assert.Equal(1, plans[..2].Count(p => cache.Recall(p.FoldedAction, p.Hash) is null));
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
