namespace Engine.Runtime.Evaluation;

/// <summary>
/// The principal part of a resource-policy or RCP statement (iam-semantics.md §8), precomputed at
/// compile time and matched against a classified caller without allocating.
/// </summary>
internal sealed class PrincipalMatcher
{
    private readonly PrincipalEntryInfo[] _entries;
    private readonly bool _isNot;
    private readonly bool _isDeny;

    /// <summary>Creates a matcher for a Principal or NotPrincipal element.</summary>
    /// <param name="entries">The entries.</param>
    /// <param name="isNotPrincipal">True for NotPrincipal.</param>
    /// <param name="isDeny">Whether the statement's effect is Deny (NotPrincipal reads differently for Allow and Deny).</param>
    public PrincipalMatcher(IEnumerable<PrincipalEntryInfo> entries, bool isNotPrincipal, bool isDeny)
    {
        _entries = [.. entries];
        _isNot = isNotPrincipal;
        _isDeny = isDeny;
    }

    /// <summary>A matcher that matches every caller directly (the boundary rule of §8.4, RCPs' <c>"*"</c>).</summary>
    public static PrincipalMatcher Everyone { get; } = new([new PrincipalEntryInfo(true, "*")], isNotPrincipal: false, isDeny: false);

    internal PrincipalMatchKind Match(ReadOnlySpan<char> principal, in CallerInfo caller)
    {
        if (!_isNot)
        {
            // SPEC: iam-semantics.md §8.2 — the strongest match over the entries.
            PrincipalMatchKind best = PrincipalMatchKind.None;
            foreach (PrincipalEntryInfo entry in _entries)
            {
                PrincipalMatchKind kind = MatchEntry(entry, principal, caller);
                if (kind > best)
                {
                    best = kind;
                    if (best == PrincipalMatchKind.Direct)
                    {
                        break;
                    }
                }
            }

            return best;
        }

        // SPEC: §8.4 — the chain: account, then role, then the caller itself (as its kind has them).
        bool hasAccount = caller.HasAccount;
        bool hasRole = caller.Kind is CallerKind.Role or CallerKind.RoleSession;
        bool hasSelf = caller.Kind is not (CallerKind.Root or CallerKind.Role);
        int listed = 0, identities = 0;
        if (hasAccount)
        {
            identities++;
            listed += AnyLists(principal, caller, Identity.Account) ? 1 : 0;
        }

        if (hasRole)
        {
            identities++;
            listed += AnyLists(principal, caller, Identity.Role) ? 1 : 0;
        }

        if (hasSelf)
        {
            identities++;
            listed += AnyLists(principal, caller, Identity.Self) ? 1 : 0;
        }

        // Deny holds unless every identity is listed; Allow holds only when none is listed.
        bool holds = _isDeny ? listed < identities : listed == 0;
        return holds ? PrincipalMatchKind.Direct : PrincipalMatchKind.None;
    }

    private enum Identity { Account, Role, Self }

    private bool AnyLists(ReadOnlySpan<char> principal, in CallerInfo caller, Identity identity)
    {
        foreach (PrincipalEntryInfo entry in _entries)
        {
            bool lists = entry.IsEveryone || identity switch
            {
                Identity.Account => NamesAccount(entry, principal, caller),
                Identity.Role => NamesRole(entry, principal, caller),
                _ => principal.SequenceEqual(entry.Text),
            };
            if (lists)
            {
                return true;
            }
        }

        return false;
    }

    // SPEC: §8.2 — one entry, in the order Direct, ViaRole, ViaAccount with the root and role exceptions.
    private static PrincipalMatchKind MatchEntry(PrincipalEntryInfo entry, ReadOnlySpan<char> principal, in CallerInfo caller)
    {
        if (entry.IsEveryone)
        {
            return PrincipalMatchKind.Direct;
        }

        // The root caller's own root ARN is the account form.
        if (caller.Kind == CallerKind.Root && NamesAccount(entry, principal, caller))
        {
            return PrincipalMatchKind.ViaAccount;
        }

        bool sameText = principal.SequenceEqual(entry.Text);
        if (caller.Kind == CallerKind.Role && entry.IsAws && sameText)
        {
            return PrincipalMatchKind.ViaRole;
        }

        if (sameText)
        {
            return PrincipalMatchKind.Direct;
        }

        if (caller.Kind == CallerKind.RoleSession && NamesRole(entry, principal, caller))
        {
            return PrincipalMatchKind.ViaRole;
        }

        return NamesAccount(entry, principal, caller) ? PrincipalMatchKind.ViaAccount : PrincipalMatchKind.None;
    }

    private static bool NamesAccount(PrincipalEntryInfo entry, ReadOnlySpan<char> principal, in CallerInfo caller)
    {
        if (!entry.IsAws || entry.Account is null || entry.IsRoleArn || !caller.HasAccount)
        {
            return false;
        }

        return caller.Account(principal).SequenceEqual(entry.Account)
            && (!entry.IsRootArn || caller.Partition(principal).SequenceEqual(entry.Partition));
    }

    private static bool NamesRole(PrincipalEntryInfo entry, ReadOnlySpan<char> principal, in CallerInfo caller) =>
        entry.IsRoleArn
        && caller.Kind is CallerKind.Role or CallerKind.RoleSession
        && caller.Partition(principal).SequenceEqual(entry.Partition)
        && caller.Account(principal).SequenceEqual(entry.Account)
        && caller.RoleName(principal).SequenceEqual(entry.RoleName);
}
