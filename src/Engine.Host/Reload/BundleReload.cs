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
    public static BundlePolicySource Load(IReadOnlyList<string> paths, bool deriveContext)
    {
        ArgumentNullException.ThrowIfNull(paths);
        BundleLoadResult result = BundleSources.Load(paths);
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
    public static Func<IPolicySource, IPolicySource?> Rebuilder(IReadOnlyList<string> paths, bool deriveContext) => current =>
    {
        BundlePolicySource next = Load(paths, deriveContext);
        return current.Revision == next.Revision ? null : next;
    };

    /// <summary>The directories to watch for a change: the bundle directory, or the folders of the files.</summary>
    /// <param name="paths">What was loaded.</param>
    public static IEnumerable<string> WatchedDirectories(IReadOnlyList<string> paths) =>
        paths.Select(p => Directory.Exists(p) ? p : Path.GetDirectoryName(Path.GetFullPath(p))!).Distinct(StringComparer.Ordinal);
}
