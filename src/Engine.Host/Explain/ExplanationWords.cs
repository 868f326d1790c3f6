using System.Collections.Immutable;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;

namespace Engine.Host.Explain;

/// <summary>
/// The reasons of the amended semantics (iam-semantics-amendments.md §17.4) said in words, with
/// what would have allowed the request when that is one step away.
/// </summary>
internal static class ExplanationWords
{
    /// <summary>The sentences of a decision: its rule's, then each reason's that has one (what <c>engine eval</c> prints under them).</summary>
    /// <param name="decision">The reference interpreter's decision.</param>
    /// <param name="query">The question it answered.</param>
    public static ImmutableArray<string> Sentences(ReferenceDecision decision, AuthorizationQuery query)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var sentences = ImmutableArray.CreateBuilder<string>();
        if (decision.Rule is { } rule && Describe(rule, query, null) is { } ruleWords)
        {
            sentences.Add(ruleWords);
        }

        foreach (string reason in decision.Reasons)
        {
            if (Describe(reason, query, decision.ResourcePolicyKind) is { } words)
            {
                sentences.Add(words);
            }
        }

        return sentences.ToImmutable();
    }

    /// <summary>A sentence for a reason, or null when the reason code says enough.</summary>
    public static string? Describe(string reason, AuthorizationQuery query, string? resourcePolicyKind)
    {
        string policyName = resourcePolicyKind == "keyPolicy" ? "key policy" : "trust policy";
        string resource = ResourcePart(query.Resource);
        return reason switch
        {
            "vpc-endpoint-no-allow" =>
                $"the VPC endpoint policy allows no {query.Action} on {query.Resource} for {query.Principal}: a statement of the endpoint policy must also allow it",
            "role-trust-policy-no-allow" or "key-policy-no-allow" =>
                $"the {policyName} of {resource} does not allow {query.Principal}: it must name the caller, its role, its account or *, whatever the identity policies allow",
            "account-delegation-identity-no-allow" =>
                $"the {policyName} of {resource} names account {AccountOf(query.Principal)} only: an identity policy of {NameOf(query.Principal)} must also allow {query.Action}",
            "credentials-cannot-call-action" =>
                $"{KindOf(query.Principal)} credentials can never call {query.Action}; no policy can allow it",
            "kms-operation-not-cross-account" =>
                $"{query.Action} cannot be used on a KMS key of another account, whatever the key policy and the identity policies allow",
            "not-controlled-by-policy" =>
                $"{query.Action} needs no permission: no policy controls it",
            _ => null,
        };
    }

    private static string ResourcePart(string arn)
    {
        string[] fields = arn.Split(':', 6);
        return fields.Length == 6 ? fields[5] : arn;
    }

    private static string AccountOf(string principal)
    {
        string[] fields = principal.Split(':', 6);
        return fields.Length == 6 && fields[4].Length > 0 ? fields[4] : "of the caller";
    }

    private static string NameOf(string principal) => principal[(principal.LastIndexOf('/') + 1)..];

    private static string KindOf(string principal) =>
        principal.EndsWith(":root", StringComparison.Ordinal) ? "root user"
        : principal.Contains(":federated-user/", StringComparison.Ordinal) ? "federated user (GetFederationToken)"
        : principal.Contains(":assumed-role/", StringComparison.Ordinal) || principal.Contains(":role/", StringComparison.Ordinal) ? "role session"
        : "these";
}
