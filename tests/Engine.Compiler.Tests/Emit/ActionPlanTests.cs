using System.Globalization;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;
using static Engine.Compiler.Tests.Emit.ReferenceAgreement;

namespace Engine.Compiler.Tests.Emit;

/// <summary>
/// A set remembers each action's candidate statements (ActionPlanCache): one plan per folded
/// action in a fixed table, at most 4,096 built per set, the trie answering without a plan after
/// that. Whatever path answers, and whichever thread, the decision is the reference's.
/// </summary>
public sealed class ActionPlanTests
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";
    private const string Bucket = "arn:aws:s3:::reports/2026/q1.csv";

    // Wildcards, a NotAction Allow, a NotAction Deny and a Deny that shares the Allow's name space.
    private static readonly PolicySet s_policies = new(
        [
            PolicyParser.ParseOrThrow("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::reports/*"},
                  {"Effect":"Deny","Action":"s3:GetObjectAcl","Resource":"*"},
                  {"Effect":"Allow","NotAction":["iam:*","s3:*"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},
                  {"Effect":"Deny","NotAction":["s3:*","ec2:*","sqs:*"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}},
                  {"Effect":"Allow","Action":"ec2:*Instances","Resource":"*"}
                ]}
                """, PolicyKind.Identity),
        ],
        null, [], [], null, null);

    private static readonly string[] s_actions =
    [
        "s3:GetObject", "S3:GETOBJECT", "s3:getobjectacl", "s3:ListBucket", "s3:PutObject", "iam:CreateUser",
        "sqs:SendMessage", "ec2:DescribeInstances", "EC2:RunInstances", "ec2:CreateVpc", "lambda:InvokeFunction",
        "dynamodb:GetItem", "s3:Get", "s3:", "kms:Decrypt", "sns:Publish", "logs:PutLogEvents",
    ];

    public static TheoryData<EngineKind> Kinds => [.. Enum.GetValues<EngineKind>().Where(k => k != EngineKind.Reference)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Actions_sharing_the_table_alternate_without_mixing_up_their_plans(EngineKind kind)
    {
        // A five-statement set has a 16-slot table: seventeen actions (and many more below) must share slots.
        CompiledPolicySet engine = new DecisionEngine(kind).CompiledFor(s_policies);
        var request = new AuthorizationRequest();
        for (int round = 0; round < 3; round++)
        {
            AssertEveryActionAsTheReference(s_policies, engine, request);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Once_a_set_has_built_all_its_plans_the_trie_answers_the_same(EngineKind kind)
    {
        CompiledPolicySet engine = new DecisionEngine(kind).CompiledFor(s_policies);
        var request = new AuthorizationRequest();

        // 5,000 new actions use up the set's 4,096 plan builds (half of them match a wildcard).
        for (int i = 0; i < 5_000; i++)
        {
            string action = string.Create(CultureInfo.InvariantCulture, $"{(i % 2 == 0 ? "s3:Get" : "svc:Op")}{i}");
            AssertSameAsReference(s_policies, engine, request, new AuthorizationQuery(Alice, action, Bucket, null, []));
        }

        AssertEveryActionAsTheReference(s_policies, engine, request);
    }

    [Fact]
    public void A_set_of_shared_documents_answers_from_their_tries_once_its_plans_are_spent()
    {
        // A bundle's sets take each document's own trie, placed at the document's first statement
        // (ActionTrieSet): here after 70 statements of another document, so across a 64-bit word.
        string fillers = string.Join(",", Enumerable.Range(0, 70).Select(i => $$"""{"Effect":"Allow","Action":"filler:Op{{i}}","Resource":"*"}"""));
        PolicyDocument filler = PolicyParser.ParseOrThrow($$"""{"Version":"2012-10-17","Statement":[{{fillers}}]}""", PolicyKind.Identity);
        PolicySet policies = s_policies with { Identity = [filler, .. s_policies.Identity] };
        CompiledPolicySet engine = PolicySetCompiler.CompileMatcher(policies, new ClassifiedPolicyCache());
        var request = new AuthorizationRequest();
        AssertEveryActionAsTheReference(policies, engine, request);
        for (int i = 0; i < 5_000; i++)
        {
            string action = string.Create(CultureInfo.InvariantCulture, $"{(i % 3) switch { 0 => "s3:Get", 1 => "filler:Op", _ => "svc:Op" }}{i % 100}x{i}");
            AssertSameAsReference(policies, engine, request, new AuthorizationQuery(Alice, action, Bucket, null, []));
        }

        AssertEveryActionAsTheReference(policies, engine, request);
        AssertSameAsReference(policies, engine, request, new AuthorizationQuery(Alice, "FILLER:op69", Bucket, null, []));
        Assert.Equal(Decision.Allow, Decide(engine, request, "filler:Op69"));
        Assert.Equal(Decision.ImplicitDeny, Decide(engine, request, "filler:Op70"));
    }

    private static Decision Decide(CompiledPolicySet engine, AuthorizationRequest request, string action)
    {
        QueryRequests.Fill(request, new AuthorizationQuery(Alice, action, Bucket, null, []));
        return engine.Evaluate(request).Decision;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Threads_building_and_recalling_plans_at_once_get_the_reference_decisions(EngineKind kind)
    {
        CompiledPolicySet engine = new DecisionEngine(kind).CompiledFor(s_policies);
        AuthorizationQuery[] queries = [.. s_actions.SelectMany(QueriesFor)];
        Decision[] expected = [.. queries.Select(q => ReferenceEvaluator.Evaluate(s_policies, q).Decision)];
        Parallel.For(0, 4, worker =>
        {
            var request = new AuthorizationRequest();
            var random = new Random(worker);
            for (int i = 0; i < 20_000; i++)
            {
                int q = random.Next(queries.Length);
                QueryRequests.Fill(request, queries[q]);
                Assert.Equal(expected[q], engine.Evaluate(request).Decision);
            }
        });
    }

    private static IEnumerable<AuthorizationQuery> QueriesFor(string action)
    {
        yield return new AuthorizationQuery(Alice, action, Bucket, null, []);
        yield return new AuthorizationQuery(Alice, action, "*", null, [ContextEntry.OneValue("aws:SecureTransport", "true")]);
        yield return new AuthorizationQuery(Alice, action, "*", null, [ContextEntry.OneValue("aws:RequestedRegion", "eu-west-1"), ContextEntry.OneValue("aws:SecureTransport", "true")]);
    }

    private static void AssertEveryActionAsTheReference(PolicySet policies, CompiledPolicySet engine, AuthorizationRequest request)
    {
        foreach (AuthorizationQuery query in s_actions.SelectMany(QueriesFor))
        {
            AssertSameAsReference(policies, engine, request, query);
        }
    }
}
