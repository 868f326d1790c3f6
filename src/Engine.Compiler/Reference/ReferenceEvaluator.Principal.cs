using Engine.Compiler.Model;
using Effect = Engine.Runtime.Evaluation.Effect;

namespace Engine.Compiler.Reference;

public static partial class ReferenceEvaluator
{
    // SPEC: iam-semantics.md §8 — the principal part of a resource-policy or RCP statement.
    // DIVERGENCE: every entry is re-read per request and the identity chain of §8.4 is a list; the
    // compiled engine analyses the entries once (PolicySetCompiler.ClassifyPrincipal,
    // PrincipalEntryInfo) and tests the chain by flags. Both apply §8.2 and §8.4 entry by entry.
    private static PrincipalMatch MatchesPrincipal(Statement statement, Caller caller, bool callerHasBoundary)
    {
        PrincipalElement element = statement.Principal!;
        if (!element.IsNot)
        {
            // SPEC: §8.2 — the strongest match over all entries.
            return element.Entries.Select(entry => MatchEntry(entry, caller)).DefaultIfEmpty(PrincipalMatch.None).Max();
        }

        // SPEC: §8.4 permissions boundary exception — a resource-based Deny with NotPrincipal always
        // applies to a caller that has a permissions boundary.
        if (statement.Effect == Effect.Deny && callerHasBoundary)
        {
            return PrincipalMatch.Direct;
        }

        List<IdentityKind> chain = IdentityChain(caller);
        bool IsListed(IdentityKind identity) => element.Entries.Any(entry => Lists(entry, identity, caller));

        // SPEC: §8.4 — Deny holds unless every identity of the chain is listed;
        // Allow holds only when no identity of the chain is listed. Either way the match is Direct.
        bool holds = statement.Effect == Effect.Deny ? !chain.All(IsListed) : !chain.Any(IsListed);
        return holds ? PrincipalMatch.Direct : PrincipalMatch.None;
    }

    // SPEC: §8.2 — one entry against the caller.
    private static PrincipalMatch MatchEntry(PrincipalEntry entry, Caller caller)
    {
        if (entry.Type == PrincipalType.Aws && entry.Value == "*")
        {
            return PrincipalMatch.Direct;
        }

        // SPEC: §8.2 — for the root caller the root ARN entry is the account form.
        if (caller.Kind == CallerKind.Root && NamesAccountOf(entry, caller))
        {
            return PrincipalMatch.ViaAccount;
        }

        // SPEC: §8.2 — a Role caller matched by its own ARN is a match through the role.
        if (caller.Kind == CallerKind.Role && entry.Type == PrincipalType.Aws && entry.Value == caller.Text)
        {
            return PrincipalMatch.ViaRole;
        }

        if (entry.Value == caller.Text)
        {
            return PrincipalMatch.Direct;
        }

        if (caller.Kind == CallerKind.RoleSession && NamesRoleOf(entry, caller))
        {
            return PrincipalMatch.ViaRole;
        }

        return NamesAccountOf(entry, caller) ? PrincipalMatch.ViaAccount : PrincipalMatch.None;
    }

    // SPEC: §8.1 — `123456789012` or `arn:P:iam::123456789012:root` names the account (partitions agree).
    private static bool NamesAccountOf(PrincipalEntry entry, Caller caller)
    {
        if (entry.Type != PrincipalType.Aws || caller.Account is null)
        {
            return false;
        }

        if (Caller.IsAccountId(entry.Value))
        {
            return entry.Value == caller.Account;
        }

        Caller named = Caller.Classify(entry.Value);
        return named.Kind == CallerKind.Root && named.Account == caller.Account && named.Partition == caller.Partition;
    }

    // SPEC: §8.2 — a role ARN with the same partition, account and role name (the path is ignored).
    private static bool NamesRoleOf(PrincipalEntry entry, Caller caller)
    {
        if (entry.Type != PrincipalType.Aws || caller.RoleName is null)
        {
            return false;
        }

        Caller named = Caller.Classify(entry.Value);
        return named.Kind == CallerKind.Role
            && named.Partition == caller.Partition
            && named.Account == caller.Account
            && named.RoleName == caller.RoleName;
    }

    /// <summary>One identity of the caller's chain (§8.4): the account, the role, or the caller itself.</summary>
    private enum IdentityKind { Account, Role, Self }

    // SPEC: §8.4 — the caller's chain of identities.
    private static List<IdentityKind> IdentityChain(Caller caller) => caller.Kind switch
    {
        CallerKind.Root => [IdentityKind.Account],
        CallerKind.User or CallerKind.FederatedUser => [IdentityKind.Account, IdentityKind.Self],
        CallerKind.Role => [IdentityKind.Account, IdentityKind.Role],
        CallerKind.RoleSession => [IdentityKind.Account, IdentityKind.Role, IdentityKind.Self],
        _ => [IdentityKind.Self],
    };

    // SPEC: §8.4 — whether one NotPrincipal entry lists one identity of the chain: `*` lists
    // everything; an account entry the account; a role ARN (same partition, account and name) the
    // role; any other entry the identity whose string it equals.
    private static bool Lists(PrincipalEntry entry, IdentityKind identity, Caller caller)
    {
        if (entry.Type == PrincipalType.Aws && entry.Value == "*")
        {
            return true;
        }

        return identity switch
        {
            IdentityKind.Account => NamesAccountOf(entry, caller),
            IdentityKind.Role => NamesRoleOf(entry, caller),
            _ => entry.Value == caller.Text,
        };
    }
}
