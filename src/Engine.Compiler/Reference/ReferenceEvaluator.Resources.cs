using Engine.Compiler.Model;

namespace Engine.Compiler.Reference;

public static partial class ReferenceEvaluator
{
    // SPEC: iam-semantics.md §5 — Resource matches when any entry matches; NotResource when none does.
    // §5.7 — a resource-based statement without either covers the resource it is attached to.
    // DIVERGENCE: each entry is substituted and globbed per request; the compiled engine
    // classifies each entry once (PolicySetCompiler.ClassifyResourceEntry: a ResourcePattern mode,
    // a suffix split or a template). Each form matches exactly what this glob matches (INVARIANTs
    // in ResourcePattern and SuffixTemplate, checked against a regex oracle).
    private static bool MatchesResource(ResourceElement? element, PolicyDocument document, RequestView request)
    {
        if (element is null)
        {
            return true;
        }

        bool any = false;
        foreach (string entry in element.Patterns)
        {
            List<PatternChar>? pattern = ResourcePattern(entry, document, request);
            if (pattern is null)
            {
                // SPEC: §6.4 — an unresolvable variable: a Resource entry matches nothing, and the
                // whole NotResource element does not match (D3: the statement does not apply).
                if (element.IsNot)
                {
                    return false;
                }

                continue;
            }

            any |= MatchesResourceEntry(entry, pattern, request.Query.Resource);
        }

        return element.IsNot ? !any : any;
    }

    // SPEC: §5.6 — variables are substituted only in the resource part (after the fifth colon of the
    // pattern as written), and only in Version 2012-10-17 documents (§2.3).
    private static List<PatternChar>? ResourcePattern(string entry, PolicyDocument document, RequestView request)
    {
        if (!document.RecognisesVariables)
        {
            return Literal(entry);
        }

        int resourcePartStart = 0;
        for (int colons = 0; colons < 5; colons++)
        {
            int next = entry.IndexOf(':', resourcePartStart);
            if (next < 0)
            {
                return Literal(entry);
            }

            resourcePartStart = next + 1;
        }

        List<PatternChar>? resourcePart = Substitute(entry[resourcePartStart..], request.Context);
        return resourcePart is null ? null : [.. Literal(entry[..resourcePartStart]), .. resourcePart];
    }

    // SPEC: §5.2 — `*` alone matches everything; otherwise a field-aware glob over the whole string.
    private static bool MatchesResourceEntry(string entry, List<PatternChar> pattern, string resource) =>
        entry == "*" || GlobMatches(pattern, resource, ignoreCase: false, fieldAware: true);
}
