namespace Engine.Catalog;

/// <summary>An AWS managed policy at its default version.</summary>
public sealed class ManagedPolicy
{
    internal ManagedPolicy(string name, string? arn, string defaultVersion, DateTimeOffset? createDate, DateTimeOffset? updateDate,
        bool isDeprecated, string document)
    {
        Name = name;
        Arn = arn;
        DefaultVersion = defaultVersion;
        CreateDate = createDate;
        UpdateDate = updateDate;
        IsDeprecated = isDeprecated;
        Document = document;
    }

    /// <summary>The policy name, e.g. <c>ReadOnlyAccess</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// Its ARN in the <c>aws</c> partition, e.g. <c>arn:aws:iam::aws:policy/ReadOnlyAccess</c>; null for the
    /// few deprecated policies whose source does not give it (and so not their path).
    /// </summary>
    public string? Arn { get; }

    /// <summary>The default version, e.g. <c>v12</c>.</summary>
    public string DefaultVersion { get; }

    /// <summary>When AWS created the policy, when known.</summary>
    public DateTimeOffset? CreateDate { get; }

    /// <summary>When AWS last changed the default version, when known.</summary>
    public DateTimeOffset? UpdateDate { get; }

    /// <summary>Whether AWS has deprecated the policy (accounts that attached it before still have it).</summary>
    public bool IsDeprecated { get; }

    /// <summary>
    /// The default version's document as JSON text (AWS's key order and string-or-array choices, two-space
    /// indentation).
    /// </summary>
    public string Document { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
