using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Matching;

/// <summary>
/// A statement's <c>Resource</c> or <c>NotResource</c> element with every entry classified
/// (iam-semantics.md §5, §6.4): fixed patterns, suffix splits and templates rendered per request.
/// Checked as it stands by the plain-matcher tier; the compiler emits the same calls into IL.
/// </summary>
internal sealed class ResourceCheck
{
    /// <summary>Creates the check.</summary>
    /// <param name="isNot">Whether the element is <c>NotResource</c>.</param>
    /// <param name="patterns">Entries without variables.</param>
    /// <param name="suffixes">Entries whose variables follow their last wildcard.</param>
    /// <param name="rendered">Other entries with variables.</param>
    public ResourceCheck(bool isNot, ResourcePattern[] patterns, SuffixTemplate[] suffixes, ValueTemplate[] rendered)
    {
        IsNot = isNot;
        Patterns = patterns;
        Suffixes = suffixes;
        Rendered = rendered;
    }

    /// <summary>Whether the element is <c>NotResource</c>.</summary>
    public bool IsNot { get; }

    /// <summary>Entries without variables.</summary>
    public ResourcePattern[] Patterns { get; }

    /// <summary>Entries whose variables follow their last wildcard.</summary>
    public SuffixTemplate[] Suffixes { get; }

    /// <summary>Other entries with variables.</summary>
    public ValueTemplate[] Rendered { get; }

    /// <summary>Whether the element holds for the request.</summary>
    /// <param name="request">A request whose slots are resolved.</param>
    public bool IsMatch(AuthorizationRequest request)
    {
        // SPEC: §5 — Resource: any entry matches. NotResource: no entry matches, and an entry whose
        // variable has no value makes the whole element not match (§6.4, D3): so for NotResource
        // an entry that matches or is unresolved ends the check with false, and for Resource a
        // matching entry ends it with true.
        bool stopResult = !IsNot;
        foreach (ResourcePattern pattern in Patterns)
        {
            if (ResourceMatching.IsMatch(pattern, request))
            {
                return stopResult;
            }
        }

        foreach (SuffixTemplate suffix in Suffixes)
        {
            int result = ResourceMatching.MatchSuffix(suffix, request);
            if (result == 1 || (IsNot && result == ResourceMatching.Unresolved))
            {
                return stopResult;
            }
        }

        foreach (ValueTemplate template in Rendered)
        {
            int result = ResourceMatching.MatchTemplate(template, request);
            if (result == 1 || (IsNot && result == ResourceMatching.Unresolved))
            {
                return stopResult;
            }
        }

        return IsNot;
    }
}
