using System.Diagnostics.CodeAnalysis;

namespace Engine.Catalog;

/// <summary>One service of the IAM service reference.</summary>
public sealed class AwsService
{
    private readonly Dictionary<string, AwsAction> _actions;
    private readonly Dictionary<string, AwsResourceType> _resourceTypes;
    private readonly ConditionKeySet _conditionKeys;

    internal AwsService(string prefix, string name, bool supportsRcp, IReadOnlyList<AwsAction> actions,
        IReadOnlyList<AwsResourceType> resourceTypes, IReadOnlyList<ConditionKeyDefinition> conditionKeys)
    {
        Prefix = prefix;
        Name = name;
        SupportsRcp = supportsRcp;
        Actions = actions;
        ResourceTypes = resourceTypes;
        ConditionKeys = conditionKeys;
        _actions = new Dictionary<string, AwsAction>(actions.Count, StringComparer.OrdinalIgnoreCase);
        foreach (AwsAction action in actions)
        {
            _actions.TryAdd(action.Name, action);
        }

        _resourceTypes = new Dictionary<string, AwsResourceType>(resourceTypes.Count, StringComparer.Ordinal);
        foreach (AwsResourceType type in resourceTypes)
        {
            _resourceTypes.TryAdd(type.Name, type);
        }

        _conditionKeys = new ConditionKeySet(conditionKeys);
    }

    /// <summary>The service prefix actions start with, e.g. <c>s3</c>.</summary>
    public string Prefix { get; }

    /// <summary>The service's display name, e.g. <c>Amazon S3</c>.</summary>
    public string Name { get; }

    /// <summary>Whether resource control policies apply to the service.</summary>
    public bool SupportsRcp { get; }

    /// <summary>The service's actions, in reference order.</summary>
    public IReadOnlyList<AwsAction> Actions { get; }

    /// <summary>The service's resource types.</summary>
    public IReadOnlyList<AwsResourceType> ResourceTypes { get; }

    /// <summary>The service's condition keys with their types (global <c>aws:</c> keys it lists included).</summary>
    public IReadOnlyList<ConditionKeyDefinition> ConditionKeys { get; }

    /// <summary>Finds an action by name, ignoring case (action names are case-insensitive).</summary>
    /// <param name="name">The name without the prefix, e.g. <c>GetObject</c>.</param>
    /// <param name="action">The action found.</param>
    public bool TryGetAction(string name, [MaybeNullWhen(false)] out AwsAction action) => _actions.TryGetValue(name, out action);

    /// <summary>Finds a resource type by the name actions use.</summary>
    /// <param name="name">e.g. <c>object</c>.</param>
    /// <param name="resourceType">The resource type found.</param>
    public bool TryGetResourceType(string name, [MaybeNullWhen(false)] out AwsResourceType resourceType) =>
        _resourceTypes.TryGetValue(name, out resourceType);

    /// <summary>Finds one of the service's condition keys, ignoring case; templated keys match their instances.</summary>
    /// <param name="key">A key as a policy writes it.</param>
    /// <param name="definition">The key found.</param>
    public bool TryGetConditionKey(string key, [MaybeNullWhen(false)] out ConditionKeyDefinition definition) =>
        _conditionKeys.TryGet(key, out definition);

    /// <inheritdoc/>
    public override string ToString() => Prefix;
}
