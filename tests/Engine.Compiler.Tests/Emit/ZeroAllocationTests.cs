using System.Collections.Immutable;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Compiler.Tests.Emit;

/// <summary>
/// A warm decision allocates nothing: for every operator family, with set prefixes, IfExists,
/// policy variables in resources and values, principals, boundaries and SCPs. Measured with
/// GC.GetAllocatedBytesForCurrentThread over many calls, as an embedder would make them.
/// </summary>
public sealed class ZeroAllocationTests
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";

    public static TheoryData<string, string, string, string, string> Scenarios() => new()
    {
        { "string", """{"StringEquals":{"aws:username":"alice"},"StringLike":{"s3:prefix":"home/*"},"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"RED"}}""", "s3:ListBucket", "arn:aws:s3:::b", "aws:username=alice;s3:prefix=home/x;aws:PrincipalTag/team=blue" },
        { "numeric", """{"NumericLessThanEquals":{"s3:max-keys":"10.50"},"NumericNotEquals":{"aws:MultiFactorAuthAge":"-3"}}""", "s3:ListBucket", "arn:aws:s3:::b", "s3:max-keys=7;aws:MultiFactorAuthAge=3600" },
        { "date", """{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"},"DateLessThan":{"aws:EpochTime":"2000000000"}}""", "s3:GetObject", "arn:aws:s3:::b/k", "aws:CurrentTime=2024-06-01T12:30:00+02:00;aws:EpochTime=1700000000" },
        { "bool-null", """{"Bool":{"aws:SecureTransport":"true"},"Null":{"aws:TokenIssueTime":"true"},"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}""", "s3:GetObject", "arn:aws:s3:::b/k", "aws:SecureTransport=TRUE" },
        { "ip", """{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32"]},"NotIpAddress":{"aws:VpcSourceIp":"10.0.0.0/8"}}""", "s3:GetObject", "arn:aws:s3:::b/k", "aws:SourceIp=2001:db8::10;aws:VpcSourceIp=192.168.1.1" },
        { "binary", """{"BinaryEquals":{"aws:x":"QmluYXJ5VmFsdWU="}}""", "s3:GetObject", "arn:aws:s3:::b/k", "aws:x=QmluYXJ5VmFsdWU=" },
        { "arn", """{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:111122223333:topic-*"},"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin"}}""", "sns:Publish", "arn:aws:sns:us-east-1:111122223333:t", "aws:SourceArn=arn:aws:sns:eu-west-1:111122223333:topic-a;aws:PrincipalArn=arn:aws:iam::111122223333:user/alice" },
        { "set-operators", """{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b","c"]},"ForAnyValue:StringLike":{"aws:CalledVia":"*.amazonaws.com"}}""", "ec2:CreateTags", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", "aws:TagKeys=[a,b];aws:CalledVia=[cloudformation.amazonaws.com]" },
        { "variables", """{"StringLike":{"s3:prefix":["home/${aws:username}/*","shared/${aws:PrincipalTag/team, 'all'}/*"]},"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::${aws:username}-*"}}""", "s3:ListBucket", "arn:aws:s3:::home-alice", "aws:username=alice;s3:prefix=shared/all/x;aws:SourceArn=arn:aws:s3:::alice-logs" },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void A_warm_decision_allocates_nothing(string family, string condition, string action, string resource, string context) =>
        AssertWarmDecisionAllocatesNothing(family, condition, action, resource, context, p => PolicySetCompiler.Compile(p));

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void A_warm_decision_on_the_plain_matcher_allocates_nothing(string family, string condition, string action, string resource, string context) =>
        AssertWarmDecisionAllocatesNothing(family, condition, action, resource, context, PolicySetCompiler.CompileMatcher);

    private static void AssertWarmDecisionAllocatesNothing(string family, string condition, string action, string resource, string context, Func<PolicySet, CompiledPolicySet> compile)
    {
        string identity = $$"""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Conditional","Effect":"Allow","Action":["{{action}}","s3:Get*","iam:*AccessKey*"],"Resource":["arn:aws:s3:::home-${aws:username}","{{resource}}","arn:aws:*:*:111122223333:*"],"Condition":{{condition}}},
              {"Sid":"DenyOthers","Effect":"Deny","NotAction":["s3:*","sns:*","ec2:*"],"NotResource":"arn:aws:iam::*:user/${aws:username}"}]}
            """;
        string boundary = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
        string scp = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:Delete*","Resource":"*"}]}""";
        string bucketPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:role/app"]},"Action":"s3:*","Resource":"*"},{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:Delete*","Resource":"*"}]}""";
        var policies = new PolicySet(
            [PolicyParser.ParseOrThrow(identity, PolicyKind.Identity)],
            PolicyParser.ParseOrThrow(bucketPolicy, PolicyKind.Resource),
            [PolicyParser.ParseOrThrow(boundary, PolicyKind.PermissionsBoundary)],
            [],
            [[PolicyParser.ParseOrThrow(scp, PolicyKind.Scp)]],
            null);
        var query = new AuthorizationQuery(Alice, action, resource, null, ParseContext(context));

        CompiledPolicySet set = compile(policies);
        AuthorizationRequest request = AuthorizationRequestPool.Rent();
        QueryRequests.Fill(request, query);
        EvaluationResult first = set.Evaluate(request);
        Assert.Equal(EvaluationStatus.Ok, first.Status);

        long allocated = Allocations.OfWarm(() =>
        {
            QueryRequests.Fill(request, query);
            _ = set.Evaluate(request);
        });
        AuthorizationRequestPool.Return(request);
        Assert.True(allocated == 0, $"{family}: {allocated} bytes over 20,000 decisions (decision {first.Decision})");
    }

    [Fact]
    public void The_scenarios_are_not_all_denied()
    {
        // Guard against a scenario table that proves nothing: the conditions must hold for most.
        var engine = new DecisionEngine(EngineKind.Compiled);
        int allowed = 0;
        foreach (object[] row in Scenarios())
        {
            string condition = (string)row[1], action = (string)row[2], resource = (string)row[3], context = (string)row[4];
            string identity = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"{{resource}}","Condition":{{condition}}}]}""";
            EngineAnswer answer = engine.Decide(PolicySet.FromIdentity(PolicyParser.ParseOrThrow(identity, PolicyKind.Identity)), new AuthorizationQuery(Alice, action, resource, null, ParseContext(context)));
            allowed += answer.Decision == Decision.Allow ? 1 : 0;
        }

        Assert.Equal(Scenarios().Count, allowed);
    }

    private static ImmutableArray<ContextEntry> ParseContext(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            string key = pair[..pair.IndexOf('=', StringComparison.Ordinal)], value = pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..];
            return value.StartsWith('[')
                ? new ContextEntry(key, [.. value[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries)], true)
                : ContextEntry.OneValue(key, value);
        })];
}
