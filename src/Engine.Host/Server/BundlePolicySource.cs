using System.Diagnostics.CodeAnalysis;
using Engine.Bundles;
using Engine.Bundles.Accounts;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Server;

/// <summary>Serves a loaded <see cref="Bundle"/>: its revision and its zero-allocation principal lookup.</summary>
/// <param name="bundle">The loaded bundle.</param>
/// <param name="deriveContext">Fill <c>aws:username</c>, <c>aws:PrincipalArn</c>, … from the bundle's principal when the request lacks them (opt-in).</param>
public sealed class BundlePolicySource(Bundle bundle, bool deriveContext = false) : IPolicySource
{
    /// <summary>The bundle served.</summary>
    public Bundle Bundle { get; } = bundle ?? throw new ArgumentNullException(nameof(bundle));

    /// <summary>Whether context keys are derived from the principal.</summary>
    public bool DeriveContext { get; } = deriveContext;

    /// <inheritdoc/>
    public ulong Revision => Bundle.Revision;

    /// <inheritdoc/>
    public ulong CompiledBytes => (ulong)Bundle.EstimateCompiledBytes();

    /// <inheritdoc/>
    public void Enrich(AuthorizationRequest request)
    {
        if (DeriveContext)
        {
            ContextDerivation.Apply(Bundle, request);
        }
    }

    /// <inheritdoc/>
    public bool TryResolve(AuthorizationRequest request, out CompiledPolicySet? policySet, out Task? pendingCompile) =>
        Bundle.TryResolveOrCompileLater(request, out policySet, out pendingCompile);

    /// <inheritdoc/>
    public bool TryResolve(AuthorizationRequest request, [NotNullWhen(true)] out CompiledPolicySet? policySet)
    {
        bool found = Bundle.TryResolve(request, out CompiledPolicySet? set);
        policySet = set;
        return found;
    }

    /// <inheritdoc/>
    public bool TryResolve(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, out CompiledPolicySet? policySet, out Task? pendingCompile) =>
        Bundle.TryResolveOrCompileLater(principal, resource, resourceAccount, out policySet, out pendingCompile);

    /// <inheritdoc/>
    public bool TryResolve(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, [NotNullWhen(true)] out CompiledPolicySet? policySet)
    {
        bool found = Bundle.TryResolve(principal, resource, resourceAccount, out CompiledPolicySet? set);
        policySet = set;
        return found;
    }
}
