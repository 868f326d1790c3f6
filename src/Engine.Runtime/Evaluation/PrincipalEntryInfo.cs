namespace Engine.Runtime.Evaluation;

/// <summary>
/// One Principal/NotPrincipal entry, analysed once at compile time: its text and, when it names an
/// account, a root user or a role, the parts that matching compares (§8.1).
/// </summary>
internal sealed class PrincipalEntryInfo
{
    /// <summary>Analyses one entry.</summary>
    /// <param name="isAwsEntry">Whether it was listed under <c>"AWS"</c> (only those name accounts and roles).</param>
    /// <param name="text">The entry text.</param>
    public PrincipalEntryInfo(bool isAwsEntry, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        IsAws = isAwsEntry;
        IsEveryone = isAwsEntry && text == "*";
        if (!isAwsEntry)
        {
            return;
        }

        if (text.Length == 12 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            Account = text;
            return;
        }

        CallerInfo named = CallerInfo.Classify(text);
        if (named.Kind is CallerKind.Root or CallerKind.Role)
        {
            IsRootArn = named.Kind == CallerKind.Root;
            IsRoleArn = named.Kind == CallerKind.Role;
            Partition = named.Partition(text).ToString();
            Account = named.Account(text).ToString();
            RoleName = IsRoleArn ? named.RoleName(text).ToString() : null;
        }
    }

    /// <summary>The entry as written.</summary>
    public string Text { get; }

    /// <summary>Whether it was listed under <c>"AWS"</c>.</summary>
    public bool IsAws { get; }

    /// <summary><c>"*"</c> under <c>"AWS"</c> (or the string form <c>"Principal": "*"</c>).</summary>
    public bool IsEveryone { get; }

    /// <summary>The account a bare account id or root ARN names, or a role ARN's account.</summary>
    public string? Account { get; }

    /// <summary>The partition of a root or role ARN (null for a bare account id).</summary>
    public string? Partition { get; }

    /// <summary>Whether the entry is <c>arn:P:iam::A:root</c>.</summary>
    public bool IsRootArn { get; }

    /// <summary>Whether the entry is a role ARN.</summary>
    public bool IsRoleArn { get; }

    /// <summary>The role name (last path segment) of a role ARN.</summary>
    public string? RoleName { get; }
}
