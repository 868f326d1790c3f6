using Engine.Compiler.Model;
using Effect = Engine.Runtime.Evaluation.Effect;

namespace Engine.Compiler.Reference;

/// <summary>
/// The service-specific rules of iam-semantics-amendments.md §15.5–§15.9, read from the request
/// alone: endpoint-policy principals, the trust and key policies that must allow, STS calls no
/// policy controls, and calls some credentials cannot make.
/// </summary>
/// <remarks>
/// DIVERGENCE: the action lists are plain string sets compared ignoring case, and ARNs are
/// split with <see cref="string.Split(char, int, StringSplitOptions)"/>; the runtime classifies the
/// folded action and the resource's ARN fields once per request with <c>ServiceRules.Classify</c>
/// (no allocation). Both read the same lists of the amendments, checked against each other by the
/// differential tests.
/// </remarks>
public static partial class ReferenceEvaluator
{
    // SPEC: amendments §15.7.1 item 1 — the actions of the role trust rule (RT).
    private static readonly HashSet<string> s_trustActions = new(StringComparer.OrdinalIgnoreCase)
    {"sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity", "sts:tagsession", "sts:setsourceidentity",
    };

    // SPEC: amendments §15.7.4 — the KMS operations for which cross-account permission is effective (D26).
    private static readonly HashSet<string> s_kmsCrossAccountActions = new(StringComparer.OrdinalIgnoreCase)
    {
        "kms:decrypt", "kms:encrypt", "kms:generatedatakey", "kms:generatedatakeypair",
        "kms:generatedatakeypairwithoutplaintext", "kms:generatedatakeywithoutplaintext", "kms:generatemac",
        "kms:reencryptfrom", "kms:reencryptto", "kms:sign", "kms:verify", "kms:verifymac", "kms:derivesharedsecret",
        "kms:creategrant", "kms:describekey", "kms:getkeyrotationstatus", "kms:getpublickey", "kms:listgrants",
        "kms:retiregrant", "kms:revokegrant",
    };

    // SPEC: amendments §15.8 items 1 and 1a — requests that need no permission (D24, D25).
    private static bool IsNotControlledByPolicy(string act, CallerKind kind) =>
        (Is(act, "sts:getcalleridentity") && kind is CallerKind.Root or CallerKind.User or CallerKind.Role or CallerKind.RoleSession or CallerKind.FederatedUser)
        || (Is(act, "sts:getsessiontoken") && kind is CallerKind.Root or CallerKind.User);

    // SPEC: amendments §15.9 — STS operations some credentials can never call.
    private static bool CannotCall(CallerKind kind, string act) => kind switch
    {
        CallerKind.Root => Is(act, "sts:assumerole"),
        CallerKind.FederatedUser => act.StartsWith("sts:", StringComparison.OrdinalIgnoreCase) && !Is(act, "sts:getcalleridentity"),
        CallerKind.Role or CallerKind.RoleSession => Is(act, "sts:getfederationtoken") || Is(act, "sts:getsessiontoken"),
        _ => false,
    };

    // SPEC: amendments §15.7.1 item 1 — RT applies to the trust actions on an IAM role ARN.
    private static bool IsRoleTrustRule(string act, string resource) =>
        s_trustActions.Contains(act) && ArnParts(resource) is { } arn
        && arn[2] == "iam" && arn[3].Length == 0 && arn[4].Length > 0 && arn[5].StartsWith("role/", StringComparison.Ordinal);

    // SPEC: amendments §15.7.1 item 2 — KP applies to kms: actions on a KMS key ARN (not aliases, not `*`).
    private static bool IsKeyPolicyRule(string act, string resource) =>
        act.StartsWith("kms:", StringComparison.OrdinalIgnoreCase) && ArnParts(resource) is { } arn
        && arn[2] == "kms" && arn[5].StartsWith("key/", StringComparison.Ordinal);

    // SPEC: §4 — action names compare case-insensitively.
    private static bool Is(string act, string name) => string.Equals(act, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>D23 — under RT, sts:TagSession and sts:SetSourceIdentity need the identity side on every path.</summary>
    private static bool NeedsIdentityAlways(string act) => Is(act, "sts:tagsession") || Is(act, "sts:setsourceidentity");

    // SPEC: §5.1 — ARN-shaped: starts with `arn:` and has at least five colons; the sixth field is the rest.
    private static string[]? ArnParts(string resource)
    {
        string[] fields = resource.Split(':', 6);
        return resource.StartsWith("arn:", StringComparison.Ordinal) && fields.Length == 6 ? fields : null;
    }

    // SPEC: amendments §15.7.4 — under KP, most operations are refused across accounts.
    private static bool IsKmsCrossAccountAction(string act) => s_kmsCrossAccountActions.Contains(act);

    // SPEC: amendments §15.6.3 — the principal part of an endpoint-policy statement holds or not.
    // Direct and ViaRole hold (a role ARN holds for its sessions); an account entry holds in an
    // Allow only for that account's root user (D19) and in a Deny for every caller of the account.
    // NotPrincipal follows §8.4 without the permissions-boundary exception (§15.6.3.5).
    private static PrincipalMatch MatchesEndpointPrincipal(Statement statement, Caller caller)
    {
        PrincipalMatch match = MatchesPrincipal(statement, caller, callerHasBoundary: false);
        bool holds = match is PrincipalMatch.Direct or PrincipalMatch.ViaRole
            || (match == PrincipalMatch.ViaAccount && (statement.Effect == Effect.Deny || caller.Kind == CallerKind.Root));
        return holds ? PrincipalMatch.Direct : PrincipalMatch.None;
    }
}
