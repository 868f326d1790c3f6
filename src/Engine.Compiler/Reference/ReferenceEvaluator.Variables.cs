using Engine.Compiler.Model;

namespace Engine.Compiler.Reference;

public static partial class ReferenceEvaluator
{
    // SPEC: iam-semantics.md §6.2–6.5 — substitute policy variables in `text`, giving pattern
    // characters in which substituted text is literal. Returns null when a variable has no value
    // and no default (the "null" of §6.4).
    // DIVERGENCE: here variables are resolved while scanning; the compiled engine scans once at
    // compile time (PolicyText.Split) and fills a ValueTemplate per request. The rules are the same
    // text of §6.2, and substituted text is literal on both sides (escaped there, PatternChar here).
    private static List<PatternChar>? Substitute(string text, Dictionary<string, ContextEntry> context)
    {
        var result = new List<PatternChar>();
        int i = 0;
        while (i < text.Length)
        {
            int close = text.IndexOf('}', i);
            bool opens = text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{' && close > i;
            if (!opens)
            {
                // SPEC: §6.2 — `$` not followed by `{`, or `${` with no closing `}`, is literal text.
                result.Add(new PatternChar(text[i], IsWildcard: text[i] is '*' or '?'));
                i++;
                continue;
            }

            string inner = text[(i + 2)..close];
            i = close + 1;

            // SPEC: §6.2 — `${*}`, `${?}` and `${$}` are literal characters.
            if (inner is "*" or "?" or "$")
            {
                result.Add(new PatternChar(inner[0], IsWildcard: false));
                continue;
            }

            string? value = ResolveVariable(inner, context);
            if (value is null)
            {
                return null;
            }

            // SPEC: §6.3 — substituted text is literal, never a wildcard, never re-scanned.
            result.AddRange(value.Select(c => new PatternChar(c, IsWildcard: false)));
        }

        return result;
    }

    // SPEC: §6.2, §6.3, §6.5 — `name` or `name, 'default'`; only single-valued keys resolve.
    private static string? ResolveVariable(string inner, Dictionary<string, ContextEntry> context)
    {
        string name = inner.Trim();
        string? fallback = null;
        int comma = inner.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            string rest = inner[(comma + 1)..].TrimStart(' ');
            if (rest.Length >= 2 && rest[0] == '\'' && rest[^1] == '\'' && !rest[1..^1].Contains('\'', StringComparison.Ordinal))
            {
                name = inner[..comma].Trim();
                fallback = rest[1..^1];
            }
        }

        if (context.TryGetValue(name, out ContextEntry? entry) && !entry.IsMultivalued)
        {
            return entry.Values[0];
        }

        return fallback;
    }

    /// <summary>The text as pattern characters with no variable recognised (Version 2008-10-17, or outside the resource part).</summary>
    private static List<PatternChar> Literal(string text) =>
        text.Select(c => new PatternChar(c, IsWildcard: c is '*' or '?')).ToList();
}
