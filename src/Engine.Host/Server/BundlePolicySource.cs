using System.Diagnostics.CodeAnalysis;
using Engine.Host.Bundles;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Server;

/// <summary>Serves a loaded <see cref="Bundle"/>: its revision and its zero-allocation principal lookup.</summary>
/// <param name="bundle">The loaded bundle.</param>
public sealed class BundlePolicySource(Bundle bundle) : IPolicySource
{
    /// <summary>The bundle served.</summary>
    public Bundle Bundle { get; } = bundle ?? throw new ArgumentNullException(nameof(bundle));

    /// <inheritdoc/>
    public ulong Revision => Bundle.Revision;

    /// <inheritdoc/>
    public bool TryResolve(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, [NotNullWhen(true)] out CompiledPolicySet? policySet)
    {
        bool found = Bundle.TryResolve(principal, resource, resourceAccount, out CompiledPolicySet? set);
        policySet = set;
        return found;
    }
}
