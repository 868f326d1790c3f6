using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Bundles.Tests.Bundles;

public sealed class DefaultBundleTests
{
    private static string DefaultBundle => Path.Combine(RepositoryPaths.RepositoryRoot, "examples", "bundles", "default");

    [Fact]
    public void Loads_and_resolves_alice_and_bob_to_one_shared_set()
    {
        BundleLoadResult result = BundleLoader.Load(DefaultBundle);

        Assert.Empty(result.Errors);
        Bundle bundle = Assert.IsType<Bundle>(result.Bundle);
        Assert.Equal(2, bundle.PrincipalCount);
        Assert.Equal(1, bundle.ProfileCount);
        Assert.True(bundle.TryResolve("arn:aws:iam::111122223333:user/alice", "*", "", out CompiledPolicySet? alice));
        Assert.True(bundle.TryResolve("arn:aws:iam::111122223333:user/bob", "*", "", out CompiledPolicySet? bob));
        Assert.Same(alice, bob);
        Assert.Equal(1, bundle.CompiledSetCount);
    }

    [Fact]
    public void Alice_may_list_virtual_mfa_devices()
    {
        Bundle bundle = BundleLoader.Load(DefaultBundle).Bundle!;
        var request = new AuthorizationRequest();
        request.SetPrincipal("arn:aws:iam::111122223333:user/alice");
        request.SetAction("iam:ListVirtualMFADevices");
        request.SetResource("*");

        Assert.True(bundle.TryResolve(request.Principal, request.Resource, request.ResourceAccount, out CompiledPolicySet? set));
        Assert.Equal(Decision.Allow, set.Evaluate(request).Decision);
    }

    [Fact]
    public void Unknown_principals_do_not_resolve()
    {
        Bundle bundle = BundleLoader.Load(DefaultBundle).Bundle!;

        Assert.False(bundle.TryResolve("arn:aws:iam::111122223333:user/carol", "*", "", out _));
        Assert.False(bundle.TryResolve("arn:aws:iam::111122223333:user/Alice", "*", "", out _));
        Assert.False(bundle.TryResolve("arn:aws:sts::111122223333:assumed-role/alice/s", "*", "", out _));
        Assert.False(bundle.TryResolve("", "*", "", out _));
    }

    [Fact]
    public void Same_content_gives_the_same_revision()
    {
        Assert.Equal(BundleLoader.Load(DefaultBundle).Bundle!.Revision, BundleLoader.Load(DefaultBundle).Bundle!.Revision);
    }

    [Fact]
    public void The_bundled_policy_is_the_example_policy()
    {
        // The example bundle carries its own copy; keep the two from drifting apart.
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(RepositoryPaths.RepositoryRoot, "examples", "policies", "mfa-self-service.json")),
            File.ReadAllBytes(Path.Combine(DefaultBundle, "policies", "mfa-self-service.json")));
    }
}
