using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Tests.Emit;

/// <summary>
/// A request whose whole context is a <see cref="PreparedContext"/> decides as one filled key by
/// key in every set that evaluates it, though each set resolves its slots for that context once
/// and then takes them as remembered (for the first few sets); the shared rows never learn an
/// atom; the case model prepares a query's context on its second fill.
/// </summary>
public sealed class PreparedContextDecisionTests
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";

    [Fact]
    public void Sets_that_read_the_keys_in_other_orders_each_decide_as_with_keys_added_one_by_one()
    {
        // Each set numbers the keys its conditions read in its own order, so a slot resolution
        // remembered for one set is wrong for the others; more sets than the context remembers.
        string[] keys = ["aws:username", "aws:PrincipalTag/team", "aws:SourceIp", "aws:SecureTransport", "aws:RequestedRegion", "aws:PrincipalTag/project", "aws:CurrentTime"];
        string[] conditions =
        [
            "\"aws:username\":\"alice\"", "\"aws:PrincipalTag/team\":\"red\"", "\"aws:SourceIp\":\"10.0.0.1\"",
            "\"aws:SecureTransport\":\"true\"", "\"aws:RequestedRegion\":\"us-east-1\"", "\"aws:PrincipalTag/project\":\"orders\"",
            "\"aws:CurrentTime\":\"2026-03-01T12:00:00Z\"",
        ];
        var sets = new List<CompiledPolicySet>();
        for (int rotation = 0; rotation < conditions.Length; rotation++)
        {
            string[] order = [.. conditions.Skip(rotation), .. conditions.Take(rotation)];

            // The first condition of the rotation decides a Deny; the rest an Allow.
            string policy =
                "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"StringNotEquals\":{" + order[0] + "}}},"
                + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{" + string.Join(",", order[1..]) + "}}}]}";
            sets.Add(PolicySetCompiler.Compile(new PolicySet([PolicyParser.ParseOrThrow(policy, PolicyKind.Identity)], null, [], [], null, null)));
        }

        string[][] contexts =
        [
            ["alice", "red", "10.0.0.1", "true", "us-east-1", "orders", "2026-03-01T12:00:00Z"],
            ["bob", "red", "10.0.0.1", "true", "us-east-1", "orders", "2026-03-01T12:00:00Z"],
            ["alice", "blue", "10.0.0.2", "false", "eu-west-1", "orders", "2026-03-01T12:00:00Z"],
        ];
        foreach (string[] values in contexts)
        {
            var scratch = new AuthorizationRequest();
            for (int i = 0; i < keys.Length; i++)
            {
                scratch.AddContext(keys[(i + 3) % keys.Length], values[(i + 3) % keys.Length]);
            }

            PreparedContext prepared = PreparedContext.Capture(scratch);
            for (int round = 0; round < 3; round++)
            {
                foreach (CompiledPolicySet set in sets)
                {
                    var byKeys = Begin(new AuthorizationRequest());
                    for (int i = 0; i < keys.Length; i++)
                    {
                        byKeys.AddContext(keys[i], values[i]);
                    }

                    var shared = Begin(new AuthorizationRequest());
                    shared.AddContext(prepared);
                    EvaluationResult expected = set.Evaluate(byKeys);
                    Assert.Equal(expected, set.Evaluate(shared));
                }
            }
        }

        // The decisions themselves, so that agreement is not agreement on a wrong answer.
        var all = Begin(new AuthorizationRequest());
        for (int i = 0; i < keys.Length; i++)
        {
            all.AddContext(keys[i], contexts[0][i]);
        }

        Assert.All(sets, set => Assert.Equal(Decision.Allow, set.Evaluate(all).Decision));
    }

    [Fact]
    public void A_shared_context_never_learns_an_atom_and_a_request_of_it_still_decides()
    {
        // The key is atomized by the set only after the context was captured, so its row holds
        // text; an evaluation finds it by text and must not write the atom into shared rows.
        string key = $"test:late{Guid.NewGuid():N}";
        var scratch = new AuthorizationRequest();
        scratch.AddContext(key, "yes");
        PreparedContext prepared = PreparedContext.Capture(scratch);
        CompiledPolicySet set = AllowWhen(key, "yes");
        AssertSharedDecidesWithoutLearning(set, prepared, index: 0);

        // A request that owns its rows still learns it.
        var own = Begin(new AuthorizationRequest());
        own.AddContext(key, "yes");
        Assert.Equal(Decision.Allow, set.Evaluate(own).Decision);
        Assert.Equal(ConditionKey.Get(key).Id, own.ContextKeyAtomId(0));
    }

    [Fact]
    public void A_shared_context_longer_than_a_requests_own_rows_is_found_by_text_past_them()
    {
        // A fresh request owns 16 rows; a shared context of 20 keys is read where it is. The set,
        // compiled after the capture, finds the last key by its text and must not record the
        // atom in the request's own (shorter) rows or in the shared ones.
        string prefix = $"test:long{Guid.NewGuid():N}";
        var scratch = new AuthorizationRequest();
        for (int i = 0; i < 20; i++)
        {
            scratch.AddContext($"{prefix}-{i}", $"v{i}");
        }

        PreparedContext prepared = PreparedContext.Capture(scratch);
        AssertSharedDecidesWithoutLearning(AllowWhen($"{prefix}-19", "v19"), prepared, index: 19);
    }

    [Fact]
    public void The_case_model_prepares_a_querys_context_on_its_second_fill_and_not_as_part_of_its_value()
    {
        var query = new AuthorizationQuery(Alice, "s3:GetObject", "arn:aws:s3:::b/k", null,
            [ContextEntry.OneValue("aws:username", "alice"), ContextEntry.ManyValues("aws:TagKeys", "a", "b")]);
        Assert.Null(query.PreparedOnReuse());
        PreparedContext? prepared = query.PreparedOnReuse();
        Assert.NotNull(prepared);
        Assert.Same(prepared, query.PreparedOnReuse());
        Assert.Equal(2, prepared.Count);

        var request = new AuthorizationRequest();
        QueryRequests.Fill(request, query);
        Assert.Same(prepared, request.WholeContext);
        Assert.Equal(["a", "b"], [request.ContextValue(1, 0).ToString(), request.ContextValue(1, 1).ToString()]);

        // Another context is another query; another principal keeps the context.
        AuthorizationQuery other = query with { Context = [ContextEntry.OneValue("aws:username", "bob")] };
        Assert.Null(other.PreparedOnReuse());
        AuthorizationQuery sameContext = query with { Principal = "arn:aws:iam::111122223333:user/bob" };
        Assert.Same(prepared, sameContext.PreparedOnReuse());

        // Equality is the question's, not its preparation's.
        var fresh = new AuthorizationQuery(Alice, "s3:GetObject", "arn:aws:s3:::b/k", null, query.Context);
        Assert.Equal(query, fresh);
        Assert.Equal(query.GetHashCode(), fresh.GetHashCode());
        Assert.NotEqual(query, other);
    }

    [Fact]
    public void A_request_reads_a_remembered_resolution_in_place_and_lets_go_of_it_when_returned_to_the_pool()
    {
        // The second evaluation of the prepared context reads the slots the first remembered,
        // where the context keeps them; a request handed back to the pool reads its own again,
        // so an idle pooled request keeps no context's resolution alive.
        string key = $"test:view{Guid.NewGuid():N}";
        var scratch = new AuthorizationRequest();
        scratch.AddContext(key, "yes");
        PreparedContext prepared = PreparedContext.Capture(scratch);
        CompiledPolicySet set = AllowWhen(key, "yes");
        AuthorizationRequest request = AuthorizationRequestPool.Rent();
        for (int round = 0; round < 2; round++)
        {
            request.Reset();
            Begin(request).AddContext(prepared);
            Assert.Equal(Decision.Allow, set.Evaluate(request).Decision);
        }

        Assert.False(request.ReadsOwnSlots);

        // A fill key by key afterwards resolves into the request's own slots again.
        request.Reset();
        Begin(request).AddContext(key, "no");
        Assert.Equal(Decision.ImplicitDeny, set.Evaluate(request).Decision);
        Assert.True(request.ReadsOwnSlots);

        request.Reset();
        Begin(request).AddContext(prepared);
        Assert.Equal(Decision.Allow, set.Evaluate(request).Decision);
        Assert.False(request.ReadsOwnSlots);
        AuthorizationRequestPool.Return(request);
        Assert.True(request.ReadsOwnSlots);
    }

    // A set compiled now (after the capture) that allows s3:GetObject when `key` equals `value`.
    private static CompiledPolicySet AllowWhen(string key, string value) =>
        PolicySetCompiler.Compile(new PolicySet(
            [PolicyParser.ParseOrThrow(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"" + key + "\":\"" + value + "\"}}}]}",
                PolicyKind.Identity)],
            null, [], [], null, null));

    // Twice (resolved, then remembered): allowed, and the key at `index` still has no atom.
    private static void AssertSharedDecidesWithoutLearning(CompiledPolicySet set, PreparedContext prepared, int index)
    {
        for (int round = 0; round < 2; round++)
        {
            var request = Begin(new AuthorizationRequest());
            request.AddContext(prepared);
            Assert.Equal(Decision.Allow, set.Evaluate(request).Decision);
            Assert.Equal(0, request.ContextKeyAtomId(index));
        }
    }

    private static AuthorizationRequest Begin(AuthorizationRequest request)
    {
        request.SetPrincipal(Alice);
        request.SetAction("s3:GetObject");
        request.SetResource("arn:aws:s3:::b/k");
        return request;
    }
}
