using System.Linq.Expressions;
using Engine.Compiler.Model;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

public static partial class PolicySetCompiler
{
    // SPEC: iam-semantics.md §5 — Resource: any entry matches; NotResource: no entry matches, and an
    // entry whose variable has no value makes the whole NotResource element not match (§6.4, D3).
    // Null means "always true" (no element in a resource policy, or a `*` entry in Resource).
    // DIVERGENCE: the reference substitutes and globs each entry per request (MatchesResource);
    // here each entry is classified once (ClassifyResourceEntry). Each form matches exactly what
    // the reference's glob matches (INVARIANTs in ResourcePattern and SuffixTemplate).
    private static Expression? EmitResourceMatch(ResourceElement? element, PolicyDocument document, ParameterExpression request, SlotTable slots)
    {
        if (element is null || (!element.IsNot && element.Patterns.Contains("*")))
        {
            return null;
        }

        var matches = new List<Expression>();
        var templateResults = new List<ParameterExpression>();
        var assignments = new List<Expression>();
        foreach (string entry in element.Patterns)
        {
            ResourceEntry classified = ClassifyResourceEntry(entry, document, slots);
            if (classified is ResourceEntry.Fixed)
            {
                // ResourceMatching.IsMatch(<classified pattern>, request)
                matches.Add(classified.EmitMatch(request));
            }
            else
            {
                // int entryN = ResourceMatching.MatchSuffix/MatchTemplate(<template>, request)   (1 match, 0 no, -1 unresolved)
                ParameterExpression result = Expression.Variable(typeof(int), $"entry{templateResults.Count}");
                templateResults.Add(result);
                assignments.Add(Expression.Assign(result, classified.EmitMatch(request)));
                matches.Add(Expression.Equal(result, Expression.Constant(1)));
            }
        }

        Expression anyMatches = matches.Count == 0 ? Expression.Constant(false) : matches.Aggregate(Expression.OrElse);
        if (!element.IsNot)
        {
            return templateResults.Count == 0 ? anyMatches : Expression.Block(templateResults, [.. assignments, anyMatches]);
        }

        // NotResource: every template resolved && !(any entry matches)
        Expression resolved = templateResults
            .Select(r => (Expression)Expression.NotEqual(r, Expression.Constant(ResourceMatching.Unresolved)))
            .Aggregate((Expression)Expression.Constant(true), Expression.AndAlso);
        Expression notResource = Expression.AndAlso(resolved, Expression.Not(anyMatches));
        return templateResults.Count == 0 ? notResource : Expression.Block(templateResults, [.. assignments, notResource]);
    }

    // SPEC: §5.6 — variables are recognised only in the resource part (after the fifth colon of the
    // pattern as written) of Version 2012-10-17 documents. Returns a classified pattern when the
    // entry has no variable, a suffix split when its variables follow its last wildcard, else a
    // template rendered per request.
    private static ResourceEntry ClassifyResourceEntry(string entry, PolicyDocument document, SlotTable slots)
    {
        int resourcePartStart = document.RecognisesVariables ? ResourcePartStart(entry) : -1;
        if (resourcePartStart < 0)
        {
            return new ResourceEntry.Fixed(ResourcePattern.Create(PolicyText.EscapePattern(entry)));
        }

        string head = PolicyText.EscapePattern(entry[..resourcePartStart]);
        List<PolicyText.Piece> pieces = PolicyText.Split(entry[resourcePartStart..]);
        if (pieces.All(p => p.Literal is not null))
        {
            return new ResourceEntry.Fixed(ResourcePattern.Create(head + string.Concat(pieces.Select(p => p.Literal))));
        }

        if (TrySplitSuffix(head, pieces, slots) is { } suffixTemplate)
        {
            return new ResourceEntry.Suffix(suffixTemplate);
        }

        var parts = new List<TemplatePart> { new(head, 0, null) };
        parts.AddRange(pieces.Select(p => p.Literal is not null
            ? new TemplatePart(p.Literal, 0, null)
            : new TemplatePart(null, slots.SlotOf(p.VariableKey!), p.Default is null ? null : p.Default)));
        return new ResourceEntry.Rendered(new ValueTemplate(parts));
    }

    private static int ResourcePartStart(string entry)
    {
        int start = 0;
        for (int colons = 0; colons < 5; colons++)
        {
            int next = entry.IndexOf(':', start);
            if (next < 0)
            {
                return -1;
            }

            start = next + 1;
        }

        return start;
    }

    // PERF: `arn:aws:iam::*:user/${aws:username}` splits into the head glob `arn:aws:iam::*` and the
    // literal tail `:user/${aws:username}`, matched from the resource's end without rendering
    // (seed policy, see docs/benchmarks.md). INVARIANT (suffix split) in SuffixTemplate says when
    // the split keeps the meaning; otherwise null and the template is rendered per request.
    private static SuffixTemplate? TrySplitSuffix(string head, List<PolicyText.Piece> pieces, SlotTable slots)
    {
        int firstVariable = pieces.FindIndex(p => p.Literal is null);

        // The tail starts after the last wildcard; it must hold every variable and no wildcard.
        string before = head + string.Concat(pieces.Take(firstVariable).Select(p => p.Literal));
        int lastWildcard = LastUnescapedWildcard(before);
        if (pieces.Skip(firstVariable).Any(p => p.Literal is not null && LastUnescapedWildcard(p.Literal) >= 0))
        {
            return null;
        }

        string headGlob = before[..(lastWildcard + 1)];
        string tailLiteral = PolicyText.Unescape(before[(lastWildcard + 1)..]);

        // A star that ends the head inside the first five fields must be followed by `:`.
        int headColons = CountUnescaped(headGlob, ':');
        if (lastWildcard >= 0 && headGlob[^1] == '*' && headColons < 5 && !tailLiteral.StartsWith(':'))
        {
            return null;
        }

        var tail = new List<TemplatePart>();
        if (tailLiteral.Length > 0)
        {
            tail.Add(new TemplatePart(tailLiteral, 0, null));
        }

        foreach (PolicyText.Piece piece in pieces.Skip(firstVariable))
        {
            tail.Add(piece.Literal is not null
                ? new TemplatePart(PolicyText.Unescape(piece.Literal), 0, null)
                : new TemplatePart(null, slots.SlotOf(piece.VariableKey!), piece.Default));
        }

        return new SuffixTemplate(ResourcePattern.Create(headGlob), tail);
    }

    private static int LastUnescapedWildcard(string escaped)
    {
        int last = -1;
        for (int i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\')
            {
                i++;
            }
            else if (escaped[i] is '*' or '?')
            {
                last = i;
            }
        }

        return last;
    }

    private static int CountUnescaped(string escaped, char c)
    {
        int count = 0;
        for (int i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\')
            {
                i++;
            }
            else if (escaped[i] == c)
            {
                count++;
            }
        }

        return count;
    }
}
