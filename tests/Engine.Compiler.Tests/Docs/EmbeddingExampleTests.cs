using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Compiler.Tests.Docs;

/// <summary>The example of docs/embedding.md, run as written (only the file path and the output differ).</summary>
public sealed class EmbeddingExampleTests
{
    [Fact]
    public void The_embedding_example_denies_deactivating_mfa_without_mfa()
    {
        string policyFile = Path.Combine(RepositoryPaths.RepositoryRoot, "examples", "policies", "mfa-self-service.json");

        PolicyDocument mfa = PolicyParser.ParseOrThrow(File.ReadAllBytes(policyFile), PolicyKind.Identity);
        CompiledPolicySet policies = PolicySetCompiler.Compile(PolicySet.FromIdentity(mfa));

        AuthorizationRequest request = AuthorizationRequestPool.Rent();
        try
        {
            request.SetPrincipal("arn:aws:iam::111122223333:user/alice");
            request.SetAction("iam:DeactivateMFADevice");
            request.SetResource("arn:aws:iam::111122223333:user/alice");
            request.AddContext("aws:username", "alice");
            request.AddContext("aws:MultiFactorAuthPresent", "false");

            EvaluationResult result = policies.Evaluate(request);
            Assert.Equal(Decision.ExplicitDeny, result.Decision);
            Assert.Equal("DenyAllExceptListedIfNoMFA", policies.DecidingStatement(result)?.Sid);
        }
        finally
        {
            AuthorizationRequestPool.Return(request);
        }
    }

    // The page's static fields, named as this repository names static fields.
    private static readonly ConditionKey s_userName = ConditionKey.Get("aws:username");
    private static readonly ConditionKey s_mfaPresent = ConditionKey.Get("aws:MultiFactorAuthPresent");

    [Fact]
    public void The_atomized_keys_example_decides_as_the_strings_do()
    {
        string policyFile = Path.Combine(RepositoryPaths.RepositoryRoot, "examples", "policies", "mfa-self-service.json");
        CompiledPolicySet policies = PolicySetCompiler.Compile(PolicySet.FromIdentity(PolicyParser.ParseOrThrow(File.ReadAllBytes(policyFile), PolicyKind.Identity)));

        AuthorizationRequest request = AuthorizationRequestPool.Rent();
        try
        {
            request.SetPrincipal("arn:aws:iam::111122223333:user/alice");
            request.SetAction("iam:DeactivateMFADevice");
            request.SetResource("arn:aws:iam::111122223333:user/alice");
            request.AddContext(s_userName, "alice");
            request.AddContext(s_mfaPresent, "false");

            EvaluationResult result = policies.Evaluate(request);
            Assert.Equal(Decision.ExplicitDeny, result.Decision);
            Assert.Equal("DenyAllExceptListedIfNoMFA", policies.DecidingStatement(result)?.Sid);
        }
        finally
        {
            AuthorizationRequestPool.Return(request);
        }
    }

    [Fact]
    public void The_prepared_context_example_decides_as_the_strings_do()
    {
        string policyFile = Path.Combine(RepositoryPaths.RepositoryRoot, "examples", "policies", "mfa-self-service.json");
        CompiledPolicySet policies = PolicySetCompiler.Compile(PolicySet.FromIdentity(PolicyParser.ParseOrThrow(File.ReadAllBytes(policyFile), PolicyKind.Identity)));

        var scratch = new AuthorizationRequest();
        scratch.AddContext(s_userName, "alice");
        scratch.AddContext(s_mfaPresent, "false");
        PreparedContext alice = PreparedContext.Capture(scratch);

        AuthorizationRequest request = AuthorizationRequestPool.Rent();
        try
        {
            for (int call = 0; call < 2; call++)
            {
                request.Reset();
                request.SetPrincipal("arn:aws:iam::111122223333:user/alice");
                request.SetAction("iam:DeactivateMFADevice");
                request.SetResource("arn:aws:iam::111122223333:user/alice");
                request.AddContext(alice);
                EvaluationResult result = policies.Evaluate(request);
                Assert.Equal(Decision.ExplicitDeny, result.Decision);
                Assert.Equal("DenyAllExceptListedIfNoMFA", policies.DecidingStatement(result)?.Sid);
            }
        }
        finally
        {
            AuthorizationRequestPool.Return(request);
        }

        // The context is read, not ignored: with MFA present (and the prepared user name filling
        // the resource's ${aws:username}) the same question is allowed, and for another user not.
        scratch.Reset();
        scratch.AddContext(s_userName, "alice");
        scratch.AddContext(s_mfaPresent, "true");
        PreparedContext aliceWithMfa = PreparedContext.Capture(scratch);
        Assert.Equal(Decision.Allow, Decide(policies, aliceWithMfa, "arn:aws:iam::111122223333:user/alice"));
        Assert.Equal(Decision.ImplicitDeny, Decide(policies, aliceWithMfa, "arn:aws:iam::111122223333:user/bob"));
    }

    private static Decision Decide(CompiledPolicySet policies, PreparedContext context, string resource)
    {
        var request = new AuthorizationRequest();
        request.SetPrincipal("arn:aws:iam::111122223333:user/alice");
        request.SetAction("iam:DeactivateMFADevice");
        request.SetResource(resource);
        request.AddContext(context);
        return policies.Evaluate(request).Decision;
    }
}
