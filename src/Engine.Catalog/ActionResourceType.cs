namespace Engine.Catalog;

/// <summary>A resource type an action acts on: one row of the action's table in the service reference.</summary>
public sealed class ActionResourceType
{
    internal ActionResourceType(AwsResourceType resourceType, bool required, IReadOnlyList<string> conditionKeys, IReadOnlyList<string> dependentActions)
    {
        ResourceType = resourceType;
        Required = required;
        ConditionKeys = conditionKeys;
        DependentActions = dependentActions;
    }

    /// <summary>The resource type (its name and ARN format).</summary>
    public AwsResourceType ResourceType { get; }

    /// <summary>Whether the reference marks it required (<c>*</c>).</summary>
    public bool Required { get; }

    /// <summary>The condition keys listed on this row.</summary>
    public IReadOnlyList<string> ConditionKeys { get; }

    /// <summary>The dependent actions listed on this row, as <c>service:Action</c>.</summary>
    public IReadOnlyList<string> DependentActions { get; }
}
