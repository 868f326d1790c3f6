namespace Engine.Compiler.Reference;

/// <summary>
/// A classified caller (§1.2). <see cref="RoleName"/> is the role's name for Role and RoleSession
/// callers (the last path segment for a role ARN).
/// </summary>
/// <param name="Text">The principal string as given.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Partition">The ARN partition, or null for Service/Other.</param>
/// <param name="Account">The 12-digit account, or null for Service/Other.</param>
/// <param name="RoleName">The role name for Role and RoleSession callers, else null.</param>
internal sealed record Caller(string Text, CallerKind Kind, string? Partition, string? Account, string? RoleName)
{
    // SPEC: iam-semantics.md §1.2 — classify the principal string once.
    public static Caller Classify(string principal)
    {
        if (!principal.StartsWith("arn:", StringComparison.Ordinal))
        {
            return new Caller(principal, principal.Contains('.', StringComparison.Ordinal) ? CallerKind.Service : CallerKind.Other, null, null, null);
        }

        // arn:P:service::A:resource — exactly six fields with an empty region.
        // DIVERGENCE: a plain string split here; the runtime's CallerInfo locates the same fields
        // with ArnFields (no allocation). Both take the first five colons as field separators.
        string[] fields = principal.Split(':', 6);
        if (fields.Length != 6 || fields[1].Length == 0 || fields[3].Length != 0 || !IsAccountId(fields[4]))
        {
            return new Caller(principal, CallerKind.Other, null, null, null);
        }

        string partition = fields[1], service = fields[2], account = fields[4], rest = fields[5];
        if (service == "iam")
        {
            if (rest == "root")
            {
                return new Caller(principal, CallerKind.Root, partition, account, null);
            }

            if (rest.StartsWith("user/", StringComparison.Ordinal) && LastSegment(rest).Length > 0)
            {
                return new Caller(principal, CallerKind.User, partition, account, null);
            }

            if (rest.StartsWith("role/", StringComparison.Ordinal) && LastSegment(rest).Length > 0)
            {
                return new Caller(principal, CallerKind.Role, partition, account, LastSegment(rest));
            }
        }
        else if (service == "sts")
        {
            // SPEC: §1.2 — a session ARN names the role by name only: assumed-role/RoleName/SessionName.
            string[] parts = rest.Split('/');
            if (parts.Length == 3 && parts[0] == "assumed-role" && parts[1].Length > 0 && parts[2].Length > 0)
            {
                return new Caller(principal, CallerKind.RoleSession, partition, account, parts[1]);
            }

            if (parts.Length == 2 && parts[0] == "federated-user" && parts[1].Length > 0)
            {
                return new Caller(principal, CallerKind.FederatedUser, partition, account, null);
            }
        }

        return new Caller(principal, CallerKind.Other, null, null, null);
    }

    /// <summary>Whether the text is a 12-digit AWS account id.</summary>
    public static bool IsAccountId(string text) => text.Length == 12 && text.All(char.IsAsciiDigit);

    private static string LastSegment(string resourcePart) => resourcePart[(resourcePart.LastIndexOf('/') + 1)..];
}
