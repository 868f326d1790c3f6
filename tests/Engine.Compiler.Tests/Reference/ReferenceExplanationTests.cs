using System.Collections.Immutable;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Tests.Reference;

/// <summary>
/// The explanation of iam-semantics.md §17, which the decision vectors do not check: the order of
/// deciding statements, the statements on an Allow's granting path, the reasons of an implicit
/// deny, malformed requests, and the verbose trace.
/// </summary>
public sealed class ReferenceExplanationTests
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";

    private static PolicyDocument Parse(string json, PolicyKind kind) => PolicyParser.ParseOrThrow(json, kind);

    private static AuthorizationQuery Query(string action = "s3:GetObject", string resource = "arn:aws:s3:::b/k", string principal = Alice, params ContextEntry[] context) =>
        new(principal, action, resource, null, [.. context]);

    private static readonly PolicyDocument s_allowAll = Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}]}""", PolicyKind.Identity);

    [Fact]
    public void Explicit_deny_lists_every_applicable_deny_in_rcp_scp_resource_identity_boundary_order()
    {
        PolicyDocument denyIdentity = Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"Id","Effect":"Deny","Action":"s3:*","Resource":"*"}]}""", PolicyKind.Identity);
        PolicyDocument scp = Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"ScpAllow","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"ScpDeny","Effect":"Deny","Action":"s3:Get*","Resource":"*"}]}""", PolicyKind.Scp);
        PolicyDocument rcp = Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"RcpDeny","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}""", PolicyKind.Rcp);
        var policies = new PolicySet([s_allowAll, denyIdentity], null, [], [], [[scp]], [[rcp]]);

        ReferenceDecision decision = ReferenceEvaluator.Evaluate(policies, Query());

        Assert.Equal(Decision.ExplicitDeny, decision.Decision);
        Assert.Equal(["RcpDeny", "ScpDeny", "Id"], decision.Deciding.Select(s => s.Sid));
        Assert.Equal(PolicyKind.Rcp, decision.Primary!.Kind);
        Assert.Equal(1, decision.Deciding[2].PolicyIndex);
    }

    [Fact]
    public void Allow_lists_the_identity_grant_then_the_boundary_and_each_scp_level()
    {
        PolicyDocument boundary = Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"B","Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", PolicyKind.PermissionsBoundary);
        PolicyDocument root = Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow","Action":"*","Resource":"*"}]}""", PolicyKind.Scp);
        PolicyDocument ou = Parse("""{"Version":"2012-10-17","Statement":[{"Sid":"Ou","Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", PolicyKind.Scp);
        var policies = new PolicySet([s_allowAll], null, [boundary], [], [[root], [ou]], null);

        ReferenceDecision decision = ReferenceEvaluator.Evaluate(policies, Query());

        Assert.Equal(Decision.Allow, decision.Decision);
        Assert.Equal(["All", "B", "Root", "Ou"], decision.Deciding.Select(s => s.Sid));
        Assert.Equal([0, 1], decision.Deciding.Where(s => s.Kind == PolicyKind.Scp).Select(s => s.Level));
    }

    [Fact]
    public void Implicit_deny_names_the_scp_level_that_lacks_an_allow()
    {
        PolicyDocument root = Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", PolicyKind.Scp);
        var policies = new PolicySet([s_allowAll], null, [], [], [[root], []], null);

        ReferenceDecision decision = ReferenceEvaluator.Evaluate(policies, Query());

        Assert.Equal(Decision.ImplicitDeny, decision.Decision);
        Assert.Empty(decision.Deciding);
        Assert.Equal(["scp-level-1-no-allow"], decision.Reasons.ToArray());
    }

    [Fact]
    public void Implicit_deny_names_missing_boundary_and_identity_grants()
    {
        PolicyDocument boundary = Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}""", PolicyKind.PermissionsBoundary);

        Assert.Equal(["boundary-no-allow"], ReferenceEvaluator.Evaluate(new PolicySet([s_allowAll], null, [boundary], [], null, null), Query()).Reasons.ToArray());
        Assert.Equal(["no-identity-or-resource-allow"], ReferenceEvaluator.Evaluate(new PolicySet([], null, [], [], null, null), Query()).Reasons.ToArray());
        Assert.Equal(
            ["cross-account-resource-policy-no-allow"],
            ReferenceEvaluator.Evaluate(PolicySet.FromIdentity(s_allowAll), Query(resource: "arn:aws:sqs:us-east-1:444455556666:q")).Reasons.ToArray());
    }

    [Theory]
    [InlineData("s3GetObject")]
    [InlineData("s3:Get*")]
    [InlineData("s3:a:b")]
    [InlineData(":GetObject")]
    public void A_malformed_action_is_not_evaluated_and_denied(string action)
    {
        ReferenceDecision decision = ReferenceEvaluator.Evaluate(PolicySet.FromIdentity(s_allowAll), Query(action: action));

        Assert.Equal(Decision.ImplicitDeny, decision.Decision);
        Assert.NotNull(decision.Error);
    }

    [Fact]
    public void Context_keys_differing_only_by_case_make_the_request_malformed()
    {
        ReferenceDecision decision = ReferenceEvaluator.Evaluate(
            PolicySet.FromIdentity(s_allowAll),
            Query(context: [ContextEntry.OneValue("aws:username", "alice"), ContextEntry.OneValue("AWS:UserName", "bob")]));

        Assert.Equal(Decision.ImplicitDeny, decision.Decision);
        Assert.Contains("appears twice", decision.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_session_policy_for_a_user_is_a_malformed_request()
    {
        PolicyDocument session = Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", PolicyKind.Session);
        ReferenceDecision decision = ReferenceEvaluator.Evaluate(new PolicySet([s_allowAll], null, [], [session], null, null), Query());

        Assert.Equal(Decision.ImplicitDeny, decision.Decision);
        Assert.NotNull(decision.Error);
    }

    [Fact]
    public void The_trace_says_which_part_of_each_statement_failed()
    {
        PolicyDocument policy = Parse("""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"OtherAction","Effect":"Allow","Action":"ec2:*","Resource":"*"},
              {"Sid":"OtherBucket","Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::other/*"},
              {"Sid":"NeedsMfa","Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}
            """, PolicyKind.Identity);

        ImmutableArray<StatementTrace> trace = ReferenceEvaluator.Trace(PolicySet.FromIdentity(policy), Query(context: ContextEntry.OneValue("aws:MultiFactorAuthPresent", "false")));

        Assert.StartsWith("action:", trace[0].Why, StringComparison.Ordinal);
        Assert.StartsWith("resource:", trace[1].Why, StringComparison.Ordinal);
        Assert.Equal("condition: Bool on `aws:MultiFactorAuthPresent` is false (request value `false`)", trace[2].Why);
        Assert.All(trace, t => Assert.False(t.Applies));
    }
}
