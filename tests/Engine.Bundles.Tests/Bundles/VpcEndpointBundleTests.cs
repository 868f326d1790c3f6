using System.Collections.Immutable;
using Engine.Bundles.Accounts;
using Engine.Compiler;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;
using Engine.Testing;
using Engine.Testing.Bundles;

namespace Engine.Bundles.Tests.Bundles;

/// <summary>
/// <c>vpcEndpoints</c> in <c>bundle.json</c> (docs/bundles.md): a request's <c>aws:SourceVpce</c>
/// picks the endpoint's policy, which must also allow (amendments §15.6); an id the bundle does
/// not name is decided with no endpoint policy.
/// </summary>
public sealed class VpcEndpointBundleTests : IDisposable
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";
    private const string ReportsEndpoint = "vpce-1a2b3c4d";
    private const string OpenEndpoint = "vpce-0123456789abcdef0";
    private const string Report = "arn:aws:s3:::reports/2026/q1.csv";
    private const string Other = "arn:aws:s3:::other/x";

    private const string Manifest = $$"""
        {
          "format": 1,
          "users": { "{{Alice}}": { "policies": ["allow-s3"] } },
          "vpcEndpoints": {
            "{{ReportsEndpoint}}": "vpce-reports",
            "{{OpenEndpoint}}": "vpce-default"
          }
        }
        """;

    // Only reads of reports/ pass this endpoint, and never a delete.
    private const string ReportsPolicy = """
        {
          "Statement": [
            { "Sid": "ReadReports", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" },
            { "Sid": "NoDeletes", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "*" }
          ]
        }
        """;

    // The policy AWS attaches to an endpoint given none (amendments §15.6.2).
    private const string DefaultPolicy = """{ "Statement": [ { "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*" } ] }""";

    private readonly TempBundle _directory = new(Manifest, ("allow-s3", TempBundle.AllowS3), ("vpce-reports", ReportsPolicy), ("vpce-default", DefaultPolicy));
    private readonly Bundle _bundle;

    public VpcEndpointBundleTests()
    {
        BundleLoadResult result = BundleLoader.Load(_directory.Directory);
        Assert.Empty(result.Errors);
        _bundle = result.Bundle!;
    }

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string?, string, string, Decision> Requests => new()
    {
        // No endpoint: alice's own policy decides.
        { null, "s3:GetObject", Other, Decision.Allow },
        { null, "s3:DeleteObject", Report, Decision.Allow },
        // Through the reports endpoint: it must allow, and its deny wins.
        { ReportsEndpoint, "s3:GetObject", Report, Decision.Allow },
        { ReportsEndpoint, "s3:GetObject", Other, Decision.ImplicitDeny },
        { ReportsEndpoint, "s3:PutObject", Report, Decision.ImplicitDeny },
        { ReportsEndpoint, "s3:DeleteObject", Report, Decision.ExplicitDeny },
        // Through an endpoint with the default policy: as without one.
        { OpenEndpoint, "s3:GetObject", Other, Decision.Allow },
        { OpenEndpoint, "s3:DeleteObject", Report, Decision.Allow },
        // An endpoint the bundle does not name: decided with no endpoint policy.
        { "vpce-99999999", "s3:GetObject", Other, Decision.Allow },
        // The endpoint never grants: alice has no sqs permission.
        { OpenEndpoint, "sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:q", Decision.ImplicitDeny },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void The_request_endpoint_picks_the_endpoint_policy_on_every_engine(string? endpoint, string action, string resource, Decision expected)
    {
        AuthorizationQuery query = Query(action, resource, endpoint);

        Assert.True(_bundle.TryGetPolicySet(query, out PolicySet? set));
        Assert.Equal(expected, ReferenceEvaluator.Evaluate(set, query).Decision);

        var request = new AuthorizationRequest();
        QueryRequests.Fill(request, query);
        Assert.True(_bundle.TryResolve(request, out CompiledPolicySet? compiled));
        Assert.Equal(expected, compiled.Evaluate(request).Decision);

        // The deferring resolve of the server and the gateway finds the same set.
        Assert.True(_bundle.TryResolveOrCompileLater(request, out CompiledPolicySet? later, out Task? pending));
        pending?.Wait(TimeSpan.FromSeconds(30));
        Assert.True(_bundle.TryResolveOrCompileLater(request, out later, out _));
        Assert.Same(compiled, later);
    }

    [Fact]
    public void The_set_holds_the_named_endpoint_policy_and_none_for_an_unknown_id()
    {
        Assert.True(_bundle.TryGetPolicySet(Query("s3:GetObject", Report, ReportsEndpoint), out PolicySet? through));
        Assert.Equal("vpce-reports", _bundle.NameOf(through.VpcEndpoint!));
        Assert.True(_bundle.TryGetVpcEndpointPolicyName(ReportsEndpoint, out string? name));
        Assert.Equal("vpce-reports", name);

        Assert.True(_bundle.TryGetPolicySet(Query("s3:GetObject", Report, "vpce-99999999"), out PolicySet? unknown));
        Assert.Null(unknown.VpcEndpoint);
        Assert.False(_bundle.TryGetVpcEndpointPolicyName("vpce-99999999", out _));
        // Ids are compared exactly, as AWS assigns them.
        Assert.False(_bundle.TryGetVpcEndpointPolicyName("VPCE-1A2B3C4D", out _));
        Assert.Equal<string>([OpenEndpoint, ReportsEndpoint], _bundle.VpcEndpointIds.ToArray());
    }

    [Fact]
    public void The_reference_says_the_endpoint_policy_did_not_allow()
    {
        AuthorizationQuery query = Query("s3:GetObject", Other, ReportsEndpoint);
        Assert.True(_bundle.TryGetPolicySet(query, out PolicySet? set));
        ReferenceDecision decision = ReferenceEvaluator.Evaluate(set, query);
        Assert.Contains("vpc-endpoint-no-allow", decision.Reasons);

        AuthorizationQuery delete = Query("s3:DeleteObject", Report, ReportsEndpoint);
        Assert.True(_bundle.TryGetPolicySet(delete, out set));
        StatementRef deciding = Assert.Single(ReferenceEvaluator.Evaluate(set, delete).Deciding);
        Assert.Equal((PolicyKind.VpcEndpoint, "NoDeletes"), (deciding.Kind, deciding.Sid));
    }

    [Theory]
    [InlineData("aws:SourceVpce")]
    [InlineData("AWS:sourcevpce")]
    public void The_context_key_is_found_whatever_its_case(string key)
    {
        var query = new AuthorizationQuery(Alice, "s3:GetObject", Other, null, [ContextEntry.OneValue(key, ReportsEndpoint)]);
        Assert.Equal(ReportsEndpoint, SourceVpce.Of(query));
        var request = new AuthorizationRequest();
        QueryRequests.Fill(request, query);
        Assert.Equal(ReportsEndpoint, SourceVpce.Of(request).ToString());
        Assert.True(_bundle.TryResolve(request, out CompiledPolicySet? set));
        Assert.Equal(Decision.ImplicitDeny, set.Evaluate(request).Decision);
    }

    [Fact]
    public void An_array_of_several_ids_names_no_endpoint()
    {
        var query = new AuthorizationQuery(Alice, "s3:GetObject", Other, null, [ContextEntry.ManyValues(SourceVpce.Key, ReportsEndpoint, OpenEndpoint)]);
        Assert.Null(SourceVpce.Of(query));
        var request = new AuthorizationRequest();
        QueryRequests.Fill(request, query);
        Assert.True(SourceVpce.Of(request).IsEmpty);

        var one = new AuthorizationQuery(Alice, "s3:GetObject", Other, null, [ContextEntry.ManyValues(SourceVpce.Key, ReportsEndpoint)]);
        Assert.Equal(ReportsEndpoint, SourceVpce.Of(one));
    }

    [Fact]
    public void Who_can_and_can_do_ask_through_the_endpoint_of_the_context()
    {
        ImmutableArray<ContextEntry> through = [ContextEntry.OneValue(SourceVpce.Key, ReportsEndpoint)];
        Assert.Single(AccountQueries.WhoCan(_bundle, "s3:GetObject", Report, null, through, deriveContext: false));
        Assert.Empty(AccountQueries.WhoCan(_bundle, "s3:GetObject", Other, null, through, deriveContext: false));
        Assert.Single(AccountQueries.WhoCan(_bundle, "s3:GetObject", Other, null, [], deriveContext: false));

        CatalogAction[] actions = [new("s3:GetObject", "s3", "Read"), new("s3:PutObject", "s3", "Write"), new("s3:DeleteObject", "s3", "Write")];
        ImmutableArray<AllowedAction>? allowed = AccountQueries.CanDo(_bundle, Alice, actions, Report, null, through, deriveContext: false);
        Assert.Equal(["s3:GetObject"], allowed!.Value.Select(a => a.Action.Action));
        Assert.Equal(3, AccountQueries.CanDo(_bundle, Alice, actions, Report, null, [], deriveContext: false)!.Value.Length);
    }

    [Fact]
    public void Warm_resolution_through_an_endpoint_allocates_nothing()
    {
        AuthorizationRequest[] requests =
        [
            Filled(Query("s3:GetObject", Report, ReportsEndpoint)),
            Filled(Query("s3:GetObject", Other, OpenEndpoint)),
            Filled(Query("s3:GetObject", Other, "vpce-99999999")),
            Filled(Query("s3:GetObject", Other, null)),
        ];
        int call = 0;
        int found = 0;
        void Resolve()
        {
            found += _bundle.TryResolve(requests[call++ % requests.Length], out _) ? 1 : 0;
        }

        long allocated = Allocations.OfWarm(Resolve, iterations: 12_000);

        Assert.Equal(call, found);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_changed_endpoint_policy_is_a_new_revision_with_new_answers()
    {
        AuthorizationQuery query = Query("s3:GetObject", Other, ReportsEndpoint);
        File.WriteAllText(Path.Combine(_directory.Directory, "policies", "vpce-reports.json"), DefaultPolicy);

        Bundle reloaded = BundleLoader.Load(_directory.Directory).Bundle!;

        Assert.NotEqual(_bundle.Revision, reloaded.Revision);
        Assert.True(reloaded.TryResolve(Filled(query), out CompiledPolicySet? set));
        Assert.Equal(Decision.Allow, set.Evaluate(Filled(query)).Decision);
    }

    private static AuthorizationQuery Query(string action, string resource, string? endpoint) =>
        new(Alice, action, resource, null, endpoint is null ? [] : [ContextEntry.OneValue(SourceVpce.Key, endpoint)]);

    private static AuthorizationRequest Filled(AuthorizationQuery query)
    {
        var request = new AuthorizationRequest();
        QueryRequests.Fill(request, query);
        return request;
    }
}
