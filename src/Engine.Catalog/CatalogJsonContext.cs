using System.Text.Json.Serialization;

namespace Engine.Catalog;

/// <summary>The shapes of the embedded JSON Lines files, read with source-generated System.Text.Json.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ManagedPolicyLine))]
[JsonSerializable(typeof(ServiceLine))]
[JsonSerializable(typeof(ManifestFile))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;

internal sealed record ManagedPolicyLine(
    string Name, string? Arn, string DefaultVersion, DateTimeOffset? CreateDate, DateTimeOffset? UpdateDate,
    bool Deprecated, string? Source, string Document);

internal sealed record ServiceLine(
    string Prefix, string? Name, bool SupportsRcp, List<ActionLine> Actions, List<ResourceTypeLine> ResourceTypes,
    List<ConditionKeyLine> ConditionKeys);

internal sealed record ActionLine(
    string Name, string AccessLevel, List<ActionResourceTypeLine> ResourceTypes, List<string> ConditionKeys,
    List<string> DependentActions);

internal sealed record ActionResourceTypeLine(string Name, bool Required, List<string> ConditionKeys, List<string> DependentActions);

internal sealed record ResourceTypeLine(string Name, string Arn, List<string> ConditionKeys);

internal sealed record ConditionKeyLine(string Key, string Type);

internal sealed record ManifestFile(ManifestManagedPolicies ManagedPolicies, ManifestServiceReference ServiceReference);

internal sealed record ManifestManagedPolicies(string Package, string Snapshot, int Current, int Deprecated);

internal sealed record ManifestServiceReference(string Package, string Snapshot, int Services, int Actions);
