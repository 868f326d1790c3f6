using Engine.Bundles;
using Engine.Bundles.Accounts;
using Engine.Host.Server;

namespace Engine.Host.Reload;

/// <summary>Loads what <c>--bundle</c> names into a policy source, and rebuilds it for reloads.</summary>
public static class BundleReload
{
    /// <summary>The bundle served when none is named: <c>examples/bundles/default</c> next to the binary.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "examples", "bundles", "default");

    /// <summary>Loads a bundle completely (parse, validate, compile) or throws with every located error.</summary>
    /// <param name="paths">One bundle directory, or authorization-details files (docs/accounts.md).</param>
    /// <param name="deriveContext">Whether the source derives context keys from the principal.</param>
    /// <exception cref="BundleLoadException">The bundle has errors.</exception>
    public static BundlePolicySource Load(IReadOnlyList<string> paths, bool deriveContext) => Load(paths, deriveContext, keyPolicyDirectory: null);

    /// <summary>Loads a bundle with the KMS key policies of a folder (docs/accounts.md), or throws with every located error.</summary>
    /// <param name="paths">One bundle directory, or authorization-details files.</param>
    /// <param name="deriveContext">Whether the source derives context keys from the principal.</param>
    /// <param name="keyPolicyDirectory">The folder of key policies (<c>--key-policies</c>), or null.</param>
    /// <exception cref="BundleLoadException">The bundle has errors.</exception>
    public static BundlePolicySource Load(IReadOnlyList<string> paths, bool deriveContext, string? keyPolicyDirectory) =>
        Load(paths, deriveContext, keyPolicyDirectory, previous: null);

    // A reload passes the bundle it replaces: unchanged policy files keep their parsed and
    // classified form (docs/bundles.md, "Sharing and compiling").
    private static BundlePolicySource Load(IReadOnlyList<string> paths, bool deriveContext, string? keyPolicyDirectory, Bundle? previous)
    {
        ArgumentNullException.ThrowIfNull(paths);
        BundleLoadResult result = BundleSources.Load(paths, keyPolicyDirectory, previous);
        return result.Success
            ? new BundlePolicySource(result.Bundle!, deriveContext)
            : throw new BundleLoadException(string.Join(", ", paths), result.Errors);
    }

    /// <summary>
    /// A rebuild delegate for <see cref="PolicySourceHolder"/>: loads the paths again and returns
    /// null when the revision (a content hash) did not change, so a touch without a change swaps nothing.
    /// </summary>
    /// <param name="paths">What was loaded first.</param>
    /// <param name="deriveContext">Whether the source derives context keys from the principal.</param>
    public static Func<IPolicySource, IPolicySource?> Rebuilder(IReadOnlyList<string> paths, bool deriveContext) => Rebuilder(paths, deriveContext, keyPolicyDirectory: null);

    /// <summary>A rebuild delegate that also reads the KMS key policies of a folder again.</summary>
    /// <param name="paths">What was loaded first.</param>
    /// <param name="deriveContext">Whether the source derives context keys from the principal.</param>
    /// <param name="keyPolicyDirectory">The folder of key policies, or null.</param>
    public static Func<IPolicySource, IPolicySource?> Rebuilder(IReadOnlyList<string> paths, bool deriveContext, string? keyPolicyDirectory) => current =>
    {
        BundlePolicySource next = Load(paths, deriveContext, keyPolicyDirectory, (current as BundlePolicySource)?.Bundle);
        return current.Revision == next.Revision ? null : next;
    };

    /// <summary>The directories to watch for a change: the bundle directory, or the folders of the files.</summary>
    /// <param name="paths">What was loaded.</param>
    public static IEnumerable<string> WatchedDirectories(IReadOnlyList<string> paths) =>
        paths.Select(p => Directory.Exists(p) ? p : Path.GetDirectoryName(Path.GetFullPath(p))!).Distinct(StringComparer.Ordinal);
}
