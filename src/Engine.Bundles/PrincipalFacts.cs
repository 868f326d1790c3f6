using System.Collections.Immutable;

namespace Engine.Bundles;

/// <summary>Whether a bundle principal is an IAM user or an IAM role.</summary>
public enum PrincipalFactsKind
{
    /// <summary>An IAM user (<c>arn:P:iam::A:user/path/name</c>).</summary>
    User,

    /// <summary>An IAM role (<c>arn:P:iam::A:role/path/name</c>); its sessions resolve to it.</summary>
    Role,
}

/// <summary>
/// What a bundle knows about one of its users or roles besides its policies: the facts from which
/// <c>--derive-context</c> fills <c>aws:username</c>, <c>aws:userid</c>, <c>aws:PrincipalArn</c>,
/// <c>aws:PrincipalAccount</c>, <c>aws:PrincipalType</c> and <c>aws:PrincipalTag/*</c>
/// (docs/accounts.md). A manifest bundle knows only what the ARN says; an authorization-details
/// file adds the unique id and the tags.
/// </summary>
/// <param name="Arn">The user or role ARN, with its path.</param>
/// <param name="Kind">User or role.</param>
/// <param name="Partition">The ARN's partition (<c>aws</c>, <c>aws-cn</c>, …).</param>
/// <param name="Account">The 12-digit account.</param>
/// <param name="Name">The user or role name (after the last <c>/</c>).</param>
/// <param name="Id">The unique id (<c>AIDA…</c> for users, <c>AROA…</c> for roles), or null when unknown.</param>
/// <param name="Tags">The principal's tags, in the order given.</param>
public sealed record PrincipalFacts(
    string Arn,
    PrincipalFactsKind Kind,
    string Partition,
    string Account,
    string Name,
    string? Id,
    ImmutableArray<KeyValuePair<string, string>> Tags)
{
    /// <summary>Facts from an ARN alone (no id, no tags); null when it is neither a user nor a role ARN.</summary>
    /// <param name="arn">A user or role ARN.</param>
    public static PrincipalFacts? FromArn(string arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        if (IamArn.TryParseIdentity(arn, "user", out string partition, out string account, out string name))
        {
            return new PrincipalFacts(arn, PrincipalFactsKind.User, partition, account, name, null, []);
        }

        return IamArn.TryParseIdentity(arn, "role", out partition, out account, out name)
            ? new PrincipalFacts(arn, PrincipalFactsKind.Role, partition, account, name, null, [])
            : null;
    }
}
