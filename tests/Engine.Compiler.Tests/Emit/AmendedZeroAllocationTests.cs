using System.Collections.Immutable;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Compiler.Tests.Emit;

/// <summary>
/// The amended rules (iam-semantics-amendments.md §15.6–§15.9) keep a warm decision free of
/// allocation: an endpoint policy, a trust policy that must allow, a KMS key policy across
/// accounts, and STS calls no policy controls or the caller cannot make.
/// </summary>
public sealed class AmendedZeroAllocationTests
{
    public static TheoryData<string, string, string, string, Decision> Requests() => new()
    {
        { "trust-policy-names-user", "arn:aws:iam::111122223333:user/alice", "sts:AssumeRole", "arn:aws:iam::111122223333:role/deploy", Decision.Allow },
        { "trust-policy-names-account-identity-allows", "arn:aws:iam::111122223333:user/bob", "sts:AssumeRole", "arn:aws:iam::111122223333:role/deploy", Decision.Allow },
        { "trust-policy-names-nobody-matching", "arn:aws:iam::777788889999:user/eve", "sts:AssumeRole", "arn:aws:iam::111122223333:role/deploy", Decision.ImplicitDeny },
        { "key-policy-cross-account-decrypt", "arn:aws:iam::444455556666:user/carol", "kms:Decrypt", "arn:aws:kms:us-east-2:111122223333:key/1234abcd", Decision.Allow },
        { "key-policy-cross-account-schedule-deletion", "arn:aws:iam::444455556666:user/carol", "kms:ScheduleKeyDeletion", "arn:aws:kms:us-east-2:111122223333:key/1234abcd", Decision.ImplicitDeny },
        { "get-caller-identity", "arn:aws:sts::111122223333:federated-user/dana", "sts:GetCallerIdentity", "*", Decision.Allow },
        { "root-cannot-assume-role", "arn:aws:iam::111122223333:root", "sts:AssumeRole", "arn:aws:iam::111122223333:role/deploy", Decision.ImplicitDeny },
        { "endpoint-does-not-allow", "arn:aws:iam::111122223333:user/alice", "s3:PutObject", "arn:aws:s3:::b/k", Decision.ImplicitDeny },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void A_warm_amended_decision_allocates_nothing(string name, string principal, string action, string resource, Decision expected)
    {
        string identity = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","kms:*","s3:*"],"Resource":"*"}]}""";
        string resourcePolicy = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sts:AssumeRole"},
              {"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"},
              {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"kms:*","Resource":"*"}]}
            """;
        string endpoint = """{"Statement":[{"Effect":"Allow","Principal":"*","Action":["sts:*","kms:*","s3:GetObject"],"Resource":"*"}]}""";
        var policies = new PolicySet(
            [PolicyParser.ParseOrThrow(identity, PolicyKind.Identity)],
            PolicyParser.ParseOrThrow(resourcePolicy, PolicyKind.Resource),
            [],
            [],
            null,
            null,
            PolicyParser.ParseOrThrow(endpoint, PolicyKind.VpcEndpoint));
        var query = new AuthorizationQuery(principal, action, resource, null, ImmutableArray<ContextEntry>.Empty);

        CompiledPolicySet set = PolicySetCompiler.Compile(policies);
        AuthorizationRequest request = AuthorizationRequestPool.Rent();
        QueryRequests.Fill(request, query);
        EvaluationResult first = set.Evaluate(request);
        Assert.Equal(EvaluationStatus.Ok, first.Status);
        Assert.True(first.Decision == expected, $"{name}: expected {expected}, got {first.Decision}");

        long allocated = Allocations.OfWarm(() =>
        {
            QueryRequests.Fill(request, query);
            _ = set.Evaluate(request);
        });
        AuthorizationRequestPool.Return(request);
        Assert.True(allocated == 0, $"{name}: {allocated} bytes over 20,000 decisions");
    }
}
