using Engine.Bundles;

namespace Engine.Fuzz;

/// <summary>The example bundle the server serves by default (examples/bundles/default), loaded once.</summary>
internal static class ExampleBundle
{
    private static readonly Lazy<Bundle> s_bundle = new(() =>
    {
        BundleLoadResult result = BundleLoader.Load(Path.Combine(RepositoryFiles.Root(), "examples/bundles/default"));
        return result.Bundle ?? throw new InvalidOperationException("examples/bundles/default does not load: " + string.Join("; ", result.Errors));
    });

    /// <summary>The bundle.</summary>
    public static Bundle Value => s_bundle.Value;
}
