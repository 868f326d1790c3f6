using Engine.Bundles;
using Engine.Host.Reload;
using Engine.Host.Server;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Tests.Server;

/// <summary>Policy sources for server tests, built from real bundles.</summary>
internal static class TestSources
{
    /// <summary>
    /// A fresh load (parse, validate, compile) of the default bundle, <c>examples/bundles/default</c>:
    /// the MFA self-service policy for alice and bob of account 111122223333.
    /// </summary>
    public static Bundle LoadDefaultBundle()
    {
        BundleLoadResult result = BundleLoader.Load(BundleReload.DefaultDirectory);
        Assert.Empty(result.Errors);
        return result.Bundle!;
    }

    /// <summary>
    /// The default bundle served under a revision the test chooses: a bundle's own revision is a
    /// content hash, and these tests count reloads by the revision they see.
    /// </summary>
    public static IPolicySource Default(ulong revision = 1) => new Numbered(new BundlePolicySource(LoadDefaultBundle()), revision);

    /// <summary>A real bundle's source that reports <paramref name="revision"/> instead of the bundle's hash.</summary>
    private sealed class Numbered(BundlePolicySource inner, ulong revision) : IPolicySource
    {
        public ulong Revision => revision;

        public ulong CompiledBytes => inner.CompiledBytes;

        public void Enrich(AuthorizationRequest request) => inner.Enrich(request);

        public bool TryResolve(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, out CompiledPolicySet? policySet) =>
            inner.TryResolve(principal, resource, resourceAccount, out policySet);

        public bool TryResolve(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, out CompiledPolicySet? policySet, out Task? pendingCompile) =>
            inner.TryResolve(principal, resource, resourceAccount, out policySet, out pendingCompile);
    }
}
