namespace Engine.Catalog;

/// <summary>One IAM action of the service reference.</summary>
public sealed class AwsAction
{
    internal AwsAction(string servicePrefix, string name, string accessLevel, IReadOnlyList<ActionResourceType> resourceTypes,
        IReadOnlyList<string> conditionKeys, IReadOnlyList<string> dependentActions)
    {
        ServicePrefix = servicePrefix;
        Name = name;
        FullName = servicePrefix + ":" + name;
        AccessLevel = accessLevel;
        int comma = accessLevel.IndexOf(',', StringComparison.Ordinal);
        PrimaryAccessLevel = comma < 0 ? accessLevel : accessLevel[..comma];
        ResourceTypes = resourceTypes;
        ConditionKeys = conditionKeys;
        DependentActions = dependentActions;
    }

    /// <summary>The service prefix, e.g. <c>s3</c>.</summary>
    public string ServicePrefix { get; }

    /// <summary>The action name as AWS spells it, e.g. <c>GetObject</c>.</summary>
    public string Name { get; }

    /// <summary><c>service:Action</c>, e.g. <c>s3:GetObject</c>.</summary>
    public string FullName { get; }

    /// <summary>
    /// The access level as the reference gives it: <c>List</c>, <c>Read</c>, <c>Write</c>, or the combined
    /// <c>Tagging, Write</c> and <c>Permissions management, Write</c>.
    /// </summary>
    public string AccessLevel { get; }

    /// <summary>The first level of <see cref="AccessLevel"/> (<c>Tagging</c> for <c>Tagging, Write</c>).</summary>
    public string PrimaryAccessLevel { get; }

    /// <summary>The resource types the action acts on; empty when it supports only <c>"Resource": "*"</c>.</summary>
    public IReadOnlyList<ActionResourceType> ResourceTypes { get; }

    /// <summary>The action's own condition keys (the keys on its resource-type rows are on <see cref="ResourceTypes"/>).</summary>
    public IReadOnlyList<string> ConditionKeys { get; }

    /// <summary>The action's own dependent actions, as <c>service:Action</c>.</summary>
    public IReadOnlyList<string> DependentActions { get; }

    /// <summary>
    /// Every condition key the action supports: its own, those of its resource-type rows, and those the
    /// resource types define, without duplicates (case-insensitive), in that order.
    /// </summary>
    public IEnumerable<string> AllConditionKeys()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string key in ConditionKeys)
        {
            if (seen.Add(key))
            {
                yield return key;
            }
        }

        foreach (ActionResourceType row in ResourceTypes)
        {
            foreach (string key in row.ConditionKeys.Concat(row.ResourceType.ConditionKeys))
            {
                if (seen.Add(key))
                {
                    yield return key;
                }
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => FullName;
}
