using System.Diagnostics;
using System.Globalization;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;
using static Engine.Compiler.Tests.Emit.ReferenceAgreement;

namespace Engine.Compiler.Tests.Emit;

/// <summary>
/// A busy action's plan compiled into one method (<c>ActionPlan.FirstApplicable</c>): a set compiled
/// whole compiles it at the action's first decision, a tiered set in the background once the
/// action is busy; at most <see cref="CompiledPolicySet.CompiledPlanLimit"/> per set, and never for
/// a plan whose candidates match a principal. Compiled or not, the decision and the deciding
/// statement are the reference's.
/// </summary>
/// <remarks>
/// One test sets a process-wide AppContext switch, so the class runs alone (its collection is not
/// parallelized with the others), and no other test compiles a plan while the switch is set.
/// </remarks>
[Collection(nameof(AppContextSwitchTests))]
public sealed class CompiledPlanTests
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";
    private const string Bucket = "arn:aws:s3:::reports/2026/q1.csv";

    // Two SCP levels, identity policies and a boundary: Allow runs of several kinds, each keeping
    // its first grant (ActionPlan.AfterGrant), with Denies, NotAction, NotResource and conditions.
    private static readonly PolicySet s_layered = new(
        [
            Parse("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::reports/*"},
                  {"Effect":"Deny","Action":"s3:GetObjectAcl","Resource":"*"},
                  {"Effect":"Allow","NotAction":["iam:*"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},
                  {"Effect":"Deny","Action":"*","NotResource":["arn:*:s3:*:*:reports/*","arn:aws:ec2:*"],"Condition":{"Null":{"aws:ResourceTag/project":"false"}}},
                  {"Effect":"Allow","Action":"ec2:*Instances","Resource":"*"}
                ]}
                """),
            Parse("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/2026/*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}},
                  {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-2"}}}
                ]}
                """),
        ],
        null,
        [Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","ec2:*","sqs:*"],"Resource":"*"}]}""")],
        [],
        [
            [Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""")],
            [Parse("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":["eu-west-1","us-east-2"]}}},
                  {"Effect":"Allow","Action":"ec2:*","Resource":"*"}
                ]}
                """)],
        ],
        null);

    private static readonly string[] s_actions =
    [
        "s3:GetObject", "S3:GETOBJECT", "s3:getobjectacl", "s3:ListBucket", "s3:PutObject", "iam:CreateUser",
        "sqs:SendMessage", "ec2:DescribeInstances", "EC2:RunInstances", "ec2:CreateVpc", "lambda:InvokeFunction",
    ];

    public static TheoryData<string> Layers => ["SCPs, identity and boundary", "identity only"];

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_set_compiled_whole_compiles_each_plan_at_its_first_decision_and_decides_as_the_reference(string layers)
    {
        // Without the boundary and SCPs, the last candidate of a plan is an identity statement
        // whose checks decide (with them, the boundary's unconditional Allow comes last).
        PolicySet policies = layers == "identity only" ? s_layered with { PermissionsBoundary = [], Scps = null } : s_layered;
        CompiledPolicySet engine = PolicySetCompiler.Compile(policies);
        var request = new AuthorizationRequest();
        foreach (AuthorizationQuery query in s_actions.SelectMany(QueriesFor))
        {
            AssertSameAsReference(policies, engine, request, query);
            Assert.True(engine.HasCompiledPlan(query.Action), $"{query.Action}: its plan is not compiled after its first decision");
        }

        // Case-folded actions share a plan: ten distinct folded actions, ten compiled plans.
        Assert.Equal(s_actions.Select(a => a.ToUpperInvariant()).Distinct().Count(), engine.CompiledPlanRequests);
    }

    [Fact]
    public void A_set_compiles_at_most_its_limit_of_plans_and_decides_the_rest_as_before()
    {
        CompiledPolicySet engine = PolicySetCompiler.Compile(s_layered);
        var request = new AuthorizationRequest();
        string[] actions = [.. Enumerable.Range(0, CompiledPolicySet.CompiledPlanLimit + 10).Select(i => string.Create(CultureInfo.InvariantCulture, $"s3:Get{i}"))];
        foreach (string action in actions)
        {
            foreach (AuthorizationQuery query in QueriesFor(action))
            {
                AssertSameAsReference(s_layered, engine, request, query);
            }
        }

        Assert.Equal(CompiledPolicySet.CompiledPlanLimit, actions.Count(engine.HasCompiledPlan));
        Assert.True(engine.HasCompiledPlan(actions[0]));
        Assert.False(engine.HasCompiledPlan(actions[^1]));
    }

    [Fact]
    public void A_plan_of_more_candidates_than_a_compiled_plan_takes_stays_on_the_loop()
    {
        // One action shared by more statements than CompiledPlanMaxCandidates, each with its own
        // resource: the plan stays on the loop; an action of fewer candidates is compiled.
        int many = CompiledPolicySet.CompiledPlanMaxCandidates + 1;
        string statements = string.Join(",", Enumerable.Range(0, many).Select(i =>
            $$"""{"Effect":"{{(i % 10 == 9 ? "Deny" : "Allow")}}","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/{{i}}/*"}"""));
        PolicySet policies = PolicySet.FromIdentity(Parse($$"""{"Version":"2012-10-17","Statement":[{{statements}},{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}"""));
        CompiledPolicySet engine = PolicySetCompiler.Compile(policies);
        var request = new AuthorizationRequest();
        foreach (int i in new[] { 0, 9, 64, many - 1, many })
        {
            foreach (string action in new[] { "s3:GetObject", "s3:PutObject" })
            {
                AssertSameAsReference(policies, engine, request, new AuthorizationQuery(Alice, action, $"arn:aws:s3:::reports/{i}/q1.csv", null, []));
            }
        }

        Assert.False(engine.HasCompiledPlan("s3:GetObject"));
        Assert.True(engine.HasCompiledPlan("s3:PutObject"));
    }

    [Fact]
    public void A_plan_with_a_candidate_that_matches_a_principal_stays_on_the_loop()
    {
        PolicyDocument bucketPolicy = PolicyParser.ParseOrThrow(
            """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"},
              {"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}
            ]}
            """,
            PolicyKind.Resource);
        PolicySet policies = s_layered with { Resource = bucketPolicy };
        CompiledPolicySet engine = PolicySetCompiler.Compile(policies);
        var request = new AuthorizationRequest();
        foreach (AuthorizationQuery query in s_actions.Append("s3:DeleteObject").SelectMany(QueriesFor))
        {
            AssertSameAsReference(policies, engine, request, query);
        }

        Assert.False(engine.HasCompiledPlan("s3:GetObject"));
        Assert.False(engine.HasCompiledPlan("s3:DeleteObject"));
        Assert.True(engine.HasCompiledPlan("ec2:RunInstances"));
    }

    [Fact]
    public void Interpreted_trees_and_the_first_tier_compile_no_plan()
    {
        CompiledPolicySet interpreted = PolicySetCompiler.Compile(s_layered, preferInterpretation: true);
        CompiledPolicySet matcher = PolicySetCompiler.CompileMatcher(s_layered);
        var request = new AuthorizationRequest();
        foreach (AuthorizationQuery query in s_actions.SelectMany(QueriesFor))
        {
            AssertSameAsReference(s_layered, interpreted, request, query);
            AssertSameAsReference(s_layered, matcher, request, query);
        }

        Assert.Equal(0, interpreted.CompiledPlanRequests);
        Assert.Equal(0, matcher.CompiledPlanRequests);
    }

    [Fact]
    public async Task A_tiered_set_compiles_a_busy_plan_in_the_background_and_decides_the_same()
    {
        CompiledPolicySet engine = PolicySetCompiler.CompileTiered(s_layered, out Task promotion);
        await promotion;
        var request = new AuthorizationRequest();
        AuthorizationQuery[] queries = [.. QueriesFor("s3:GetObject")];

        // Busy means 256 decisions: one fewer asks for nothing.
        for (int i = 0; i < 255; i++)
        {
            AssertSameAsReference(s_layered, engine, request, queries[i % queries.Length]);
        }

        Assert.Equal(0, engine.CompiledPlanRequests);
        AssertSameAsReference(s_layered, engine, request, queries[0]);
        Assert.Equal(1, engine.CompiledPlanRequests);

        var clock = Stopwatch.StartNew();
        while (!engine.HasCompiledPlan("s3:GetObject") && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(10);
        }

        Assert.True(engine.HasCompiledPlan("s3:GetObject"), "the busy plan was not compiled in the background within a minute");
        foreach (AuthorizationQuery query in queries)
        {
            AssertSameAsReference(s_layered, engine, request, query);
        }
    }

    // One action whose candidates share patterns and conditions (the set's atoms): in one stretch of
    // the plan (identity), across stretches (identity, then the boundary's run), behind a Null
    // condition or another check that may skip their first use, in Resource and NotResource.
    private static readonly PolicySet s_sharedAtoms = new(
        [
            Parse("""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Deny","Action":"s3:GetObject","NotResource":["arn:aws:s3:::reports/*","arn:aws:s3:::archive-*/old/*"],"Condition":{"Null":{"aws:ResourceTag/project":"false"}}},
                  {"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::archive-*/old/*","Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-2"},"Bool":{"aws:SecureTransport":"false"}}},
                  {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"},"Null":{"aws:SourceIp":"false"}}},
                  {"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::archive-*/old/*","arn:aws:s3:::reports/2026/*"],"Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}},
                  {"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::reports/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}
                ]}
                """),
        ],
        null,
        [Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::reports/*","arn:aws:s3:::archive-*/old/*"],"Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}""")],
        [],
        null,
        null);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_plan_whose_candidates_share_atoms_decides_as_the_reference_with_them_in_locals_or_through_the_memo(bool rememberAll)
    {
        AppContext.SetSwitch(PolicySetCompiler.RememberPlanAtomsSwitch, rememberAll);
        try
        {
            foreach (PolicySet policies in new[] { s_sharedAtoms, s_sharedAtoms with { PermissionsBoundary = [] } })
            {
                CompiledPolicySet engine = PolicySetCompiler.Compile(policies);
                var request = new AuthorizationRequest();
                foreach (string resource in new[] { Bucket, "arn:aws:s3:::archive-7/old/a.csv", "arn:aws:s3:::reports/2025/b", "arn:aws:s3:::other/x" })
                {
                    foreach (AuthorizationQuery query in QueriesFor("s3:GetObject"))
                    {
                        AssertSameAsReference(policies, engine, request, query with { Resource = resource });
                        AssertSameAsReference(policies, engine, request, query with
                        {
                            Resource = resource,
                            Context = [.. query.Context, ContextEntry.OneValue("aws:SourceIp", "10.0.0.1")],
                        });
                    }
                }

                Assert.True(engine.HasCompiledPlan("s3:GetObject"));
            }
        }
        finally
        {
            AppContext.SetSwitch(PolicySetCompiler.RememberPlanAtomsSwitch, false);
        }
    }

    private static PolicyDocument Parse(string json) => PolicyParser.ParseOrThrow(json, PolicyKind.Identity);

    // Requests that reach every kind of candidate: no context, TLS only, TLS in each region, and a
    // tagged resource outside the NotResource list (the Deny with the Null condition).
    private static IEnumerable<AuthorizationQuery> QueriesFor(string action)
    {
        yield return new AuthorizationQuery(Alice, action, Bucket, null, []);
        yield return new AuthorizationQuery(Alice, action, "*", null, [ContextEntry.OneValue("aws:SecureTransport", "true")]);
        foreach (string region in new[] { "eu-west-1", "us-east-2" })
        {
            yield return new AuthorizationQuery(Alice, action, Bucket, null, [ContextEntry.OneValue("aws:RequestedRegion", region), ContextEntry.OneValue("aws:SecureTransport", "true")]);
        }

        yield return new AuthorizationQuery(Alice, action, "arn:aws:sqs:eu-west-1:111122223333:queue", null, [ContextEntry.OneValue("aws:ResourceTag/project", "x"), ContextEntry.OneValue("aws:SecureTransport", "true")]);
    }
}
