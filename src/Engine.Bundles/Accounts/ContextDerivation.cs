using System.Collections.Immutable;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles.Accounts;

/// <summary>
/// <c>--derive-context</c> (docs/accounts.md): fills the principal's global condition keys from what
/// the bundle knows of it, for keys the request does not carry — what the request carries always
/// wins (iam-semantics.md §1.4: by default the engine derives nothing). For a user:
/// <c>aws:username</c>, <c>aws:userid</c> (its id), <c>aws:PrincipalArn</c>, <c>aws:PrincipalAccount</c>,
/// <c>aws:PrincipalType</c> <c>User</c> and <c>aws:PrincipalTag/*</c>. For a role session
/// <c>arn:P:sts::A:assumed-role/NAME/SESSION</c>: <c>aws:userid</c> <c>ROLEID:SESSION</c>,
/// <c>aws:PrincipalArn</c> the role ARN with its path (Appendix A), <c>aws:PrincipalType</c>
/// <c>AssumedRole</c> and the role's tags; no <c>aws:username</c>. A role ARN given as the caller
/// stands for a session whose name is unknown (§1.2), so it gets no <c>aws:userid</c>.
/// </summary>
public static class ContextDerivation
{
    /// <summary>The keys derivation may add, before the tags.</summary>
    public static readonly ImmutableArray<string> Keys = ["aws:username", "aws:userid", "aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalType"];

    private const string TagPrefix = "aws:PrincipalTag/";

    /// <summary>The entries derivation gives <paramref name="principal"/> (empty when the bundle does not know it).</summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="principal">The request's principal.</param>
    public static IEnumerable<KeyValuePair<string, string>> Derive(Bundle bundle, string principal)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(principal);
        if (!bundle.TryGetPrincipalFacts(principal, out PrincipalFacts? facts))
        {
            yield break;
        }

        bool isUser = facts.Kind == PrincipalFactsKind.User;
        if (isUser)
        {
            yield return new("aws:username", facts.Name);
        }

        if (facts.Id is not null && (isUser || SessionName(principal).Length > 0))
        {
            yield return new("aws:userid", isUser ? facts.Id : $"{facts.Id}:{SessionName(principal)}");
        }

        yield return new("aws:PrincipalArn", facts.Arn);
        yield return new("aws:PrincipalAccount", facts.Account);
        yield return new("aws:PrincipalType", isUser ? "User" : "AssumedRole");
        foreach (KeyValuePair<string, string> tag in facts.Tags)
        {
            yield return new(TagPrefix + tag.Key, tag.Value);
        }
    }

    /// <summary>The query with the derived entries it does not carry added (compared case-insensitively).</summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="query">The request.</param>
    public static AuthorizationQuery Apply(Bundle bundle, AuthorizationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ImmutableArray<ContextEntry>.Builder context = query.Context.ToBuilder();
        foreach (KeyValuePair<string, string> entry in Derive(bundle, query.Principal))
        {
            if (!query.Context.Any(c => string.Equals(c.Key, entry.Key, StringComparison.OrdinalIgnoreCase)))
            {
                context.Add(ContextEntry.OneValue(entry.Key, entry.Value));
            }
        }

        return query with { Context = context.ToImmutable() };
    }

    /// <summary>
    /// Adds the derived entries the request does not carry to a filled runtime request (after its
    /// own context, so what it carries wins). Allocates only for a role session's <c>aws:userid</c> and for tags.
    /// </summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="request">The filled request.</param>
    public static void Apply(Bundle bundle, AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(request);
        if (!bundle.TryGetPrincipalFacts(request.Principal, out PrincipalFacts? facts))
        {
            return;
        }

        int carried = request.ContextCount;
        bool isUser = facts.Kind == PrincipalFactsKind.User;
        if (isUser)
        {
            AddIfMissing(request, carried, "aws:username", facts.Name);
            if (facts.Id is not null)
            {
                AddIfMissing(request, carried, "aws:userid", facts.Id);
            }
        }
        else if (facts.Id is not null && SessionName(request.Principal).Length > 0 && !Carries(request, carried, "aws:userid"))
        {
            request.AddContext("aws:userid", $"{facts.Id}:{SessionName(request.Principal)}");
        }

        AddIfMissing(request, carried, "aws:PrincipalArn", facts.Arn);
        AddIfMissing(request, carried, "aws:PrincipalAccount", facts.Account);
        AddIfMissing(request, carried, "aws:PrincipalType", isUser ? "User" : "AssumedRole");
        foreach (KeyValuePair<string, string> tag in facts.Tags)
        {
            if (!CarriesTag(request, carried, tag.Key))
            {
                request.AddContext(TagPrefix + tag.Key, tag.Value);
            }
        }
    }

    // The session name of arn:P:sts::A:assumed-role/NAME/SESSION; empty for any other principal.
    private static ReadOnlySpan<char> SessionName(ReadOnlySpan<char> principal) =>
        IamArn.TrySessionRoleKey(principal, out ReadOnlySpan<char> key) ? principal[(key.Length + 1)..] : default;

    private static void AddIfMissing(AuthorizationRequest request, int carried, string key, string value)
    {
        if (!Carries(request, carried, key))
        {
            request.AddContext(key, value);
        }
    }

    private static bool Carries(AuthorizationRequest request, int carried, ReadOnlySpan<char> key)
    {
        for (int i = 0; i < carried; i++)
        {
            if (request.ContextKey(i).Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool CarriesTag(AuthorizationRequest request, int carried, string tagKey)
    {
        for (int i = 0; i < carried; i++)
        {
            ReadOnlySpan<char> key = request.ContextKey(i);
            if (key.Length == TagPrefix.Length + tagKey.Length
                && key.StartsWith(TagPrefix, StringComparison.OrdinalIgnoreCase)
                && key[TagPrefix.Length..].Equals(tagKey, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
