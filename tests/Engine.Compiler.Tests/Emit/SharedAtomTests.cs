using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Tests.Emit;

/// <summary>
/// A resource pattern or condition that several statements carry is one object in a compiled set,
/// computed once per evaluation and remembered by the request (AtomInterner, AuthorizationRequest.Memo):
/// what is remembered must never outlive the evaluation or the request's content, and two atoms
/// that only look alike must stay apart. Every engine kind, against the reference.
/// </summary>
public sealed class SharedAtomTests
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";
    private const string Bucket = "arn:aws:s3:::reports/2026/q1.csv";

    // Three statements share one condition and one pattern; a Deny shares the same condition with another pattern.
    private static readonly PolicySet s_shared = Identity("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"red"}}},
          {"Effect":"Allow","Action":"s3:Get*","Resource":["arn:aws:s3:::reports/*","arn:aws:s3:::other/*"],"Condition":{"StringEquals":{"aws:PrincipalTag/team":"red"}}},
          {"Effect":"Allow","Action":"s3:*Object","Resource":"arn:aws:s3:::reports/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"red"}}},
          {"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::secret/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"red"}}}
        ]}
        """);

    public static TheoryData<EngineKind> Kinds => [.. Enum.GetValues<EngineKind>().Where(k => k != EngineKind.Reference)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_request_refilled_with_other_values_is_decided_afresh(EngineKind kind)
    {
        CompiledPolicySet engine = new DecisionEngine(kind).CompiledFor(s_shared);
        var request = new AuthorizationRequest();
        string[] teams = ["red", "blue", "red", "blue"];
        string[] resources = [Bucket, Bucket, "arn:aws:s3:::secret/x", "arn:aws:s3:::secret/x"];
        Decision[] expected = [Decision.Allow, Decision.ImplicitDeny, Decision.ExplicitDeny, Decision.ImplicitDeny];
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < teams.Length; i++)
            {
                AuthorizationQuery query = Query(resources[i], ContextEntry.OneValue("aws:PrincipalTag/team", teams[i]));
                QueryRequests.Fill(request, query);
                Assert.Equal(expected[i], engine.Evaluate(request).Decision);
                Assert.Equal(expected[i], ReferenceEvaluator.Evaluate(s_shared, query).Decision);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_request_changed_between_two_evaluations_is_decided_afresh(EngineKind kind)
    {
        CompiledPolicySet engine = new DecisionEngine(kind).CompiledFor(s_shared);
        var request = new AuthorizationRequest();
        QueryRequests.Fill(request, Query(Bucket));
        Assert.Equal(Decision.ImplicitDeny, engine.Evaluate(request).Decision);

        // The same request object, one key added: the condition remembered as false must be recomputed.
        request.AddContext("aws:PrincipalTag/team", "red");
        Assert.Equal(Decision.Allow, engine.Evaluate(request).Decision);
        Assert.Equal(Decision.Allow, engine.Evaluate(request).Decision);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Conditions_written_alike_in_documents_that_read_variables_differently_stay_apart(EngineKind kind)
    {
        // SPEC: §6.1 — `${aws:username}` is a variable in a 2012-10-17 document and literal text in a
        // 2008-10-17 one; interned as one atom, the Deny would apply too.
        PolicySet policies = Identity(
            """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/owner":"${aws:username}"}}}}""",
            """{"Version":"2008-10-17","Statement":{"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/owner":"${aws:username}"}}}}""");
        AuthorizationQuery query = Query(Bucket, ContextEntry.OneValue("aws:username", "alice"), ContextEntry.OneValue("aws:PrincipalTag/owner", "alice"));
        var request = new AuthorizationRequest();
        QueryRequests.Fill(request, query);

        Assert.Equal(Decision.Allow, ReferenceEvaluator.Evaluate(policies, query).Decision);
        Assert.Equal(Decision.Allow, new DecisionEngine(kind).CompiledFor(policies).Evaluate(request).Decision);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Wildcard_action_names_shared_by_statements_match_ignoring_case(EngineKind kind)
    {
        // `s3:*object` and `S3:*OBJECT` are one folded glob in the trie; both statements are candidates.
        PolicySet policies = Identity(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*object","Resource":"arn:aws:s3:::reports/*"},{"Effect":"Deny","Action":"S3:*OBJECT","Resource":"arn:aws:s3:::reports/2026/*"}]}""");
        foreach ((string resource, Decision expected) in new[] { (Bucket, Decision.ExplicitDeny), ("arn:aws:s3:::reports/2025/a", Decision.Allow) })
        {
            AuthorizationQuery query = Query(resource) with { Action = "s3:getOBJECT" };
            var request = new AuthorizationRequest();
            QueryRequests.Fill(request, query);
            Assert.Equal(expected, ReferenceEvaluator.Evaluate(policies, query).Decision);
            Assert.Equal(expected, new DecisionEngine(kind).CompiledFor(policies).Evaluate(request).Decision);
        }
    }

    private static AuthorizationQuery Query(string resource, params ContextEntry[] context) =>
        new(Alice, "s3:GetObject", resource, null, [.. context]);

    private static PolicySet Identity(params string[] documents) =>
        new([.. documents.Select(d => PolicyParser.ParseOrThrow(d, PolicyKind.Identity))], null, [], [], null, null);
}
