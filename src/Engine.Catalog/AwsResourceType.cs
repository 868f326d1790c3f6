namespace Engine.Catalog;

/// <summary>A resource type of a service: its ARN format and the condition keys it defines.</summary>
public sealed class AwsResourceType
{
    internal AwsResourceType(string name, string arnFormat, IReadOnlyList<string> conditionKeys)
    {
        Name = name;
        ArnFormat = arnFormat;
        ConditionKeys = conditionKeys;
    }

    /// <summary>The name actions refer to it by, e.g. <c>object</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// The ARN format with <c>${Partition}</c>, <c>${Region}</c>, <c>${Account}</c> and named placeholders,
    /// e.g. <c>arn:${Partition}:s3:::${BucketName}/${ObjectName}</c>.
    /// </summary>
    public string ArnFormat { get; }

    /// <summary>The condition keys the resource type defines (e.g. <c>aws:ResourceTag/${TagKey}</c>).</summary>
    public IReadOnlyList<string> ConditionKeys { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({ArnFormat})";
}
