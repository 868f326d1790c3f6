using Engine.Host.Bundles;
using Engine.Host.Server;

namespace Engine.Host.Reload;

/// <summary>Loads bundles into policy sources, and rebuilds them for reloads.</summary>
public static class BundleSources
{
    /// <summary>The bundle served when none is named: <c>examples/bundles/default</c> next to the binary.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "examples", "bundles", "default");

    /// <summary>Loads a bundle completely (parse, validate, compile) or throws with every located error.</summary>
    /// <param name="directory">The bundle directory.</param>
    /// <exception cref="BundleLoadException">The bundle has errors.</exception>
    public static BundlePolicySource Load(string directory)
    {
        BundleLoadResult result = BundleLoader.Load(directory);
        return result.Success ? new BundlePolicySource(result.Bundle!) : throw new BundleLoadException(directory, result.Errors);
    }

    /// <summary>
    /// A rebuild delegate for <see cref="PolicySourceHolder"/>: loads the directory again and returns
    /// null when its revision (a content hash) did not change, so a touch without a change swaps nothing.
    /// </summary>
    /// <param name="directory">The bundle directory.</param>
    public static Func<IPolicySource, IPolicySource?> Rebuilder(string directory) => current =>
    {
        BundlePolicySource next = Load(directory);
        return current.Revision == next.Revision ? null : next;
    };
}
