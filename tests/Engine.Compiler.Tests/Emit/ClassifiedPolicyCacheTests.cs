using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Tests.Emit;

/// <summary>
/// One document, classified once, shared by two sets that number its condition keys differently
/// (issue #15 §2): both sets decide as sets compiled alone, the statements that read no key share
/// their check objects, and those that read keys are classified for each numbering.
/// </summary>
public sealed class ClassifiedPolicyCacheTests
{
    // Statement 0 reads no key; statement 1 reads aws:username (a variable) and s3:prefix.
    private static readonly PolicyDocument s_home = PolicyParser.ParseOrThrow(
        """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::public/*"},
          {"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::home",
           "Condition":{"StringLike":{"s3:prefix":"${aws:username}/*"}}}]}
        """,
        PolicyKind.Identity);

    // Reads aws:SourceIp first, so in [network, home] the home document's keys get slots 1 and 2.
    private static readonly PolicyDocument s_network = PolicyParser.ParseOrThrow(
        """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}
        """,
        PolicyKind.Identity);

    [Fact]
    public void A_document_is_classified_once_and_its_key_free_statements_are_shared_at_any_slots()
    {
        var cache = new ClassifiedPolicyCache();
        ClassifiedDocument home = cache.Get(s_home);
        Assert.Same(home, cache.Get(s_home));
        Assert.Equal(["aws:username", "s3:prefix"], home.Keys.Order(StringComparer.Ordinal));

        object?[] own = ChecksFor(home, [0, 1]), shifted = ChecksFor(home, [1, 2]);
        Assert.Same(own, ChecksFor(home, [0, 1]));
        Assert.Same(shifted, ChecksFor(home, [1, 2]));
        Assert.NotNull(own[0]);
        Assert.Same(own[0], shifted[0]);
        Assert.NotSame(own[1], shifted[1]);
    }

    // StatementCheck is internal to Engine.Runtime: the checks are compared as objects.
    private static object?[] ChecksFor(ClassifiedDocument document, int[] slots) =>
        (object?[])typeof(ClassifiedDocument).GetMethod(nameof(ClassifiedDocument.ChecksFor))!.Invoke(document, [slots])!;

    [Theory]
    [InlineData("alice", "s3:ListBucket", "arn:aws:s3:::home", "alice/docs", "10.1.2.3", Decision.Allow)]
    [InlineData("alice", "s3:ListBucket", "arn:aws:s3:::home", "bob/docs", "10.1.2.3", Decision.ImplicitDeny)]
    [InlineData("alice", "s3:ListBucket", "arn:aws:s3:::home", "alice/docs", "192.0.2.1", Decision.ExplicitDeny)]
    [InlineData("alice", "s3:GetObject", "arn:aws:s3:::public/x", null, "10.1.2.3", Decision.Allow)]
    public void Two_sets_sharing_a_document_at_different_slots_decide_as_sets_compiled_alone(
        string user, string action, string resource, string? prefix, string sourceIp, Decision withNetwork)
    {
        var cache = new ClassifiedPolicyCache();
        PolicySet homeFirst = PolicySet.FromIdentity(s_home, s_network), networkFirst = PolicySet.FromIdentity(s_network, s_home);
        CompiledPolicySet sharedA = PolicySetCompiler.CompileMatcher(homeFirst, cache), sharedB = PolicySetCompiler.CompileMatcher(networkFirst, cache);
        CompiledPolicySet aloneA = PolicySetCompiler.CompileMatcher(homeFirst), aloneB = PolicySetCompiler.CompileMatcher(networkFirst);

        var request = new AuthorizationRequest();
        request.SetPrincipal($"arn:aws:iam::111122223333:user/{user}");
        request.SetAction(action);
        request.SetResource(resource);
        request.AddContext("aws:username", user);
        request.AddContext("aws:SourceIp", sourceIp);
        if (prefix is not null)
        {
            request.AddContext("s3:prefix", prefix);
        }

        Assert.Equal(withNetwork, sharedA.Evaluate(request).Decision);
        Assert.Equal(aloneA.Evaluate(request), sharedA.Evaluate(request));
        Assert.Equal(aloneB.Evaluate(request), sharedB.Evaluate(request));
        Assert.Equal(withNetwork, sharedB.Evaluate(request).Decision);
    }
}
