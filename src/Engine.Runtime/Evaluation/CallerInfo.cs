using Engine.Runtime.Matching;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// A caller classified from its principal string without allocating (iam-semantics.md §1.2): the
/// kind and the positions of partition, account and role name inside the principal text.
/// </summary>
internal readonly struct CallerInfo
{
    public readonly CallerKind Kind;
    public readonly short PartitionStart, PartitionLength, AccountStart, RoleNameStart, RoleNameLength;

    private CallerInfo(CallerKind kind, int partitionStart = 0, int partitionLength = 0, int accountStart = 0, int roleNameStart = 0, int roleNameLength = 0)
    {
        Kind = kind;
        PartitionStart = (short)partitionStart;
        PartitionLength = (short)partitionLength;
        AccountStart = (short)accountStart;
        RoleNameStart = (short)roleNameStart;
        RoleNameLength = (short)roleNameLength;
    }

    /// <summary>Whether the caller has an account (every ARN kind; not Service or Other).</summary>
    public bool HasAccount => Kind is not (CallerKind.Other or CallerKind.Service);

    public ReadOnlySpan<char> Partition(ReadOnlySpan<char> principal) => principal.Slice(PartitionStart, PartitionLength);

    public ReadOnlySpan<char> Account(ReadOnlySpan<char> principal) => HasAccount ? principal.Slice(AccountStart, 12) : default;

    public ReadOnlySpan<char> RoleName(ReadOnlySpan<char> principal) => principal.Slice(RoleNameStart, RoleNameLength);

    // SPEC: iam-semantics.md §1.2
    public static CallerInfo Classify(ReadOnlySpan<char> principal)
    {
        if (principal.Length > short.MaxValue)
        {
            return new CallerInfo(CallerKind.Other);
        }

        if (!principal.StartsWith("arn:"))
        {
            return new CallerInfo(principal.Contains('.') ? CallerKind.Service : CallerKind.Other);
        }

        // arn : partition : service : (empty region) : 12-digit account : resource
        // DIVERGENCE: the reference's Caller.Classify splits the string; both take the first five
        // colons as field separators and apply the same checks to the fields.
        if (!ArnFields.TryParse(principal, out ArnFields arn))
        {
            return new CallerInfo(CallerKind.Other);
        }

        (int partitionStart, int partitionLength) = arn.Partition.GetOffsetAndLength(principal.Length);
        (int accountStart, int accountLength) = arn.Account.GetOffsetAndLength(principal.Length);
        if (partitionLength == 0 || !principal[arn.Region].IsEmpty || accountLength != 12 || !IsDigits(principal[arn.Account]))
        {
            return new CallerInfo(CallerKind.Other);
        }

        ReadOnlySpan<char> service = principal[arn.Service];
        ReadOnlySpan<char> rest = principal[arn.Resource];
        int restStart = arn.Resource.Start.Value;

        if (service.SequenceEqual("iam"))
        {
            if (rest.SequenceEqual("root"))
            {
                return new CallerInfo(CallerKind.Root, partitionStart, partitionLength, accountStart);
            }

            int lastSlash = rest.LastIndexOf('/');
            bool named = lastSlash >= 0 && lastSlash < rest.Length - 1;
            if (named && rest.StartsWith("user/"))
            {
                return new CallerInfo(CallerKind.User, partitionStart, partitionLength, accountStart);
            }

            if (named && rest.StartsWith("role/"))
            {
                return new CallerInfo(CallerKind.Role, partitionStart, partitionLength, accountStart, restStart + lastSlash + 1, rest.Length - lastSlash - 1);
            }
        }
        else if (service.SequenceEqual("sts"))
        {
            // assumed-role/RoleName/SessionName — exactly three non-empty parts.
            if (rest.StartsWith("assumed-role/"))
            {
                ReadOnlySpan<char> tail = rest["assumed-role/".Length..];
                int slash = tail.IndexOf('/');
                if (slash > 0 && slash < tail.Length - 1 && tail[(slash + 1)..].IndexOf('/') < 0)
                {
                    return new CallerInfo(CallerKind.RoleSession, partitionStart, partitionLength, accountStart, restStart + "assumed-role/".Length, slash);
                }
            }
            else if (rest.StartsWith("federated-user/"))
            {
                ReadOnlySpan<char> name = rest["federated-user/".Length..];
                if (name.Length > 0 && name.IndexOf('/') < 0)
                {
                    return new CallerInfo(CallerKind.FederatedUser, partitionStart, partitionLength, accountStart);
                }
            }
        }

        return new CallerInfo(CallerKind.Other);
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
