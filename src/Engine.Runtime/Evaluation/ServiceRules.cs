using Engine.Runtime.Matching;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// Classifies a request for the service-specific rules of iam-semantics-amendments.md §15.7–§15.9:
/// a handful of comparisons of the folded action against the amendments' lists and one look at the
/// resource's ARN fields. Allocates nothing.
/// </summary>
/// <remarks>
/// DIVERGENCE: the reference interpreter keeps the same lists as string sets and splits the ARN
/// (ReferenceEvaluator.ServiceRules.cs); here the folded action is compared by length and content
/// and the ARN fields are located with <see cref="ArnFields"/>. Both read the amendments' lists.
/// </remarks>
internal static class ServiceRules
{
    /// <summary>Classifies one request.</summary>
    /// <param name="folded">The request action, case-folded (<c>CaseFolding.Fold</c>: upper case) and well formed (§1.1).</param>
    /// <param name="resource">The request resource.</param>
    public static ServiceRule Classify(ReadOnlySpan<char> folded, ReadOnlySpan<char> resource)
    {
        if (folded.StartsWith("STS:"))
        {
            return ClassifySts(folded[4..], resource);
        }

        if (folded.StartsWith("KMS:") && IsKeyArn(resource))
        {
            // SPEC: amendments §15.7.1 item 2, §15.7.4.
            return IsKmsCrossAccountAction(folded[4..]) ? ServiceRule.KeyPolicy | ServiceRule.KmsCrossAccount : ServiceRule.KeyPolicy;
        }

        return ServiceRule.None;
    }

    private static ServiceRule ClassifySts(ReadOnlySpan<char> name, ReadOnlySpan<char> resource)
    {
        // SPEC: amendments §15.8, §15.9 — the calls no policy controls or some credentials cannot make.
        ServiceRule rule = name switch
        {
            "GETCALLERIDENTITY" => ServiceRule.GetCallerIdentity,
            "GETSESSIONTOKEN" => ServiceRule.GetSessionToken,
            "GETFEDERATIONTOKEN" => ServiceRule.GetFederationToken,
            "ASSUMEROLE" => ServiceRule.AssumeRole | ServiceRule.RoleTrust,
            "ASSUMEROLEWITHSAML" or "ASSUMEROLEWITHWEBIDENTITY" => ServiceRule.RoleTrust,
            "TAGSESSION" or "SETSOURCEIDENTITY" => ServiceRule.RoleTrust | ServiceRule.IdentityAlways,
            _ => ServiceRule.None,
        };

        // SPEC: amendments §15.7.1 item 1 — RT only on an IAM role ARN.
        if ((rule & ServiceRule.RoleTrust) != 0 && !IsRoleArn(resource))
        {
            rule &= ~(ServiceRule.RoleTrust | ServiceRule.IdentityAlways);
        }

        return rule | ServiceRule.Sts;
    }

    // SPEC: amendments §16 isRoleArn — service `iam`, empty region, non-empty account, resource `role/…`.
    private static bool IsRoleArn(ReadOnlySpan<char> resource) =>
        ArnFields.TryParse(resource, out ArnFields arn)
        && resource[arn.Service].SequenceEqual("iam")
        && resource[arn.Region].IsEmpty
        && !resource[arn.Account].IsEmpty
        && resource[arn.Resource].StartsWith("role/");

    // SPEC: amendments §16 isKeyArn — service `kms`, resource `key/…` (aliases and `*` are not covered).
    private static bool IsKeyArn(ReadOnlySpan<char> resource) =>
        ArnFields.TryParse(resource, out ArnFields arn)
        && resource[arn.Service].SequenceEqual("kms")
        && resource[arn.Resource].StartsWith("key/");

    // SPEC: amendments §15.7.4 — the operations for which cross-account permission is effective (D26).
    private static bool IsKmsCrossAccountAction(ReadOnlySpan<char> name) => name switch
    {
        "DECRYPT" or "ENCRYPT" or "GENERATEDATAKEY" or "GENERATEDATAKEYPAIR" or "GENERATEDATAKEYPAIRWITHOUTPLAINTEXT"
            or "GENERATEDATAKEYWITHOUTPLAINTEXT" or "GENERATEMAC" or "REENCRYPTFROM" or "REENCRYPTTO" or "SIGN"
            or "VERIFY" or "VERIFYMAC" or "DERIVESHAREDSECRET" or "CREATEGRANT" or "DESCRIBEKEY"
            or "GETKEYROTATIONSTATUS" or "GETPUBLICKEY" or "LISTGRANTS" or "RETIREGRANT" or "REVOKEGRANT" => true,
        _ => false,
    };

    /// <summary>Whether the request needs no permission for this caller (amendments §15.8, D24, D25).</summary>
    /// <param name="rule">The request's classification.</param>
    /// <param name="kind">The caller's kind.</param>
    public static bool IsNotControlledByPolicy(ServiceRule rule, CallerKind kind) =>
        ((rule & ServiceRule.GetCallerIdentity) != 0 && kind is CallerKind.Root or CallerKind.User or CallerKind.Role or CallerKind.RoleSession or CallerKind.FederatedUser)
        || ((rule & ServiceRule.GetSessionToken) != 0 && kind is CallerKind.Root or CallerKind.User);

    /// <summary>Whether these credentials can never make the call (amendments §15.9).</summary>
    /// <param name="rule">The request's classification.</param>
    /// <param name="kind">The caller's kind.</param>
    public static bool CannotCall(ServiceRule rule, CallerKind kind) => kind switch
    {
        CallerKind.Root => (rule & ServiceRule.AssumeRole) != 0,
        CallerKind.FederatedUser => (rule & ServiceRule.Sts) != 0 && (rule & ServiceRule.GetCallerIdentity) == 0,
        CallerKind.Role or CallerKind.RoleSession => (rule & (ServiceRule.GetFederationToken | ServiceRule.GetSessionToken)) != 0,
        _ => false,
    };
}
