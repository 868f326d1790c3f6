using Engine.Catalog;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Bundles.Tests.Bundles;

public sealed class GlobalContextValidatorTests
{
    [Fact]
    public void Every_global_key_of_the_catalog_is_checked_with_its_type()
    {
        IReadOnlyList<TypedContextKey> keys = GlobalContextValidator.Strict.Keys;
        Assert.Equal(GlobalConditionKeys.All.Count, keys.Count);
        Assert.Contains(new TypedContextKey("aws:MultiFactorAuthPresent", ContextValueType.Bool, false), keys);
        Assert.Contains(new TypedContextKey("aws:MultiFactorAuthAge", ContextValueType.Numeric, false), keys);
        Assert.Contains(new TypedContextKey("aws:SourceIp", ContextValueType.IPAddress, false), keys);
        Assert.Contains(new TypedContextKey("aws:TokenIssueTime", ContextValueType.Date, false), keys);
        Assert.Contains(new TypedContextKey("aws:PrincipalArn", ContextValueType.Arn, false), keys);
        Assert.Contains(new TypedContextKey("aws:TagKeys", ContextValueType.String, true), keys);
        Assert.Contains(new TypedContextKey("aws:PrincipalTag/", ContextValueType.String, false, IsPrefix: true), keys);
        Assert.Contains(new TypedContextKey("aws:RequestTag/", ContextValueType.String, false, IsPrefix: true), keys);
    }

    [Fact]
    public void The_embedding_example_denies_a_malformed_mfa_flag_before_evaluating()
    {
        // docs/embedding.md, "Typed context": the same code.
        PolicyDocument mfa = PolicyParser.ParseOrThrow(File.ReadAllBytes(Path.Combine(RepositoryPaths.RepositoryRoot, "examples", "policies", "mfa-self-service.json")), PolicyKind.Identity);
        CompiledPolicySet policies = PolicySetCompiler.Compile(PolicySet.FromIdentity(mfa));
        ContextValidator strict = GlobalContextValidator.Strict;

        AuthorizationRequest request = AuthorizationRequestPool.Rent();
        string? refused;
        EvaluationResult result;
        try
        {
            request.SetPrincipal("arn:aws:iam::111122223333:user/alice");
            request.SetAction("iam:DeactivateMFADevice");
            request.SetResource("arn:aws:iam::111122223333:user/alice");
            request.AddContext("aws:username", "alice");
            request.AddContext("aws:MultiFactorAuthPresent", "yes");

            ContextCheck check = strict.Check(request);
            refused = check.IsValid ? null : check.Describe(request);
            result = check.IsValid ? policies.Evaluate(request) : default;
        }
        finally
        {
            AuthorizationRequestPool.Return(request);
        }

        Assert.Equal("context key `aws:MultiFactorAuthPresent` takes a Bool value (`true` or `false`), not `yes`", refused);
        Assert.Equal(default, result);
    }

    [Fact]
    public void Without_the_check_the_evaluator_keeps_the_specs_answer()
    {
        // iam-semantics.md §7.3 (D8): `yes` is not a Bool, so `BoolIfExists … false` is false and the Deny does not apply.
        PolicyDocument mfa = PolicyParser.ParseOrThrow(File.ReadAllBytes(Path.Combine(RepositoryPaths.RepositoryRoot, "examples", "policies", "mfa-self-service.json")), PolicyKind.Identity);
        CompiledPolicySet policies = PolicySetCompiler.Compile(PolicySet.FromIdentity(mfa));
        var request = new AuthorizationRequest();
        request.SetPrincipal("arn:aws:iam::111122223333:user/alice");
        request.SetAction("iam:DeactivateMFADevice");
        request.SetResource("arn:aws:iam::111122223333:user/alice");
        request.AddContext("aws:username", "alice");
        request.AddContext("aws:MultiFactorAuthPresent", "yes");
        Assert.Equal(Decision.Allow, policies.Evaluate(request).Decision);
    }
}
