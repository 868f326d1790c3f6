using Engine.Runtime.Evaluation;
using Engine.Testing.Bundles;

namespace Engine.Bundles.Tests.Bundles;

/// <summary>The usage snippet of src/Engine.Bundles/README.md, run on a bundle that allows alice S3.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void The_readme_snippet_loads_a_bundle_and_decides_one_query()
    {
        using var directory = new TempBundle(
            """{"format":1,"users":{"arn:aws:iam::111122223333:user/alice":{"policies":["allow-s3"]}}}""",
            TempBundle.StandardPolicies);

        BundleLoadResult loaded = BundleLoader.Load(directory.Directory);
        Assert.True(loaded.Success, string.Join(Environment.NewLine, loaded.Errors));

        Bundle bundle = loaded.Bundle!;
        const string Alice = "arn:aws:iam::111122223333:user/alice";
        const string Object = "arn:aws:s3:::reports/2026/q1.csv";
        Assert.True(bundle.TryResolve(Alice, Object, resourceAccount: "", out CompiledPolicySet? set));
        var request = new AuthorizationRequest();
        request.SetPrincipal(Alice);
        request.SetAction("s3:GetObject");
        request.SetResource(Object);
        Assert.Equal(Decision.Allow, set.Evaluate(request).Decision);

        request.Reset();
        request.SetPrincipal(Alice);
        request.SetAction("ec2:RunInstances");
        request.SetResource("*");
        Assert.Equal(Decision.ImplicitDeny, set.Evaluate(request).Decision);
        Assert.False(bundle.TryResolve("arn:aws:iam::111122223333:user/mallory", Object, "", out _));
    }
}
