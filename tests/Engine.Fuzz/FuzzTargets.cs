using Engine.Fuzz.Targets;

namespace Engine.Fuzz;

/// <summary>Every target, by name (docs/fuzzing.md lists them).</summary>
public static class FuzzTargets
{
    /// <summary>The targets, one per parser.</summary>
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new PolicyDocumentTarget(),
        new CaseFileTarget(),
        new BundleManifestTarget(),
        new AccountAuthorizationTarget(),
        new WireFrameTarget(),
        new GatewayMappingTarget(),
    ];

    /// <summary>The target of that name, or null.</summary>
    /// <param name="name">A name from <see cref="All"/>.</param>
    public static IFuzzTarget? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
