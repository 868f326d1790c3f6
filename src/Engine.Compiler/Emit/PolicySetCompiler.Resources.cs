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
    // the reference's glob matches (INVARIANTs in ResourcePattern and SuffixTemplate); the runtime
    // ResourceCheck and the IL from EmitResourceMatch apply the Resource/NotResource rule above.
    private static ResourceCheck? ClassifyResourceElement(ResourceElement? element, PolicyDocument document, SlotTable slots, AtomInterner atoms)
    {
        if (element is null || (!element.IsNot && element.Patterns.Contains("*")))
        {
            return null;
        }

        var patterns = new List<ResourcePattern>();
        var suffixes = new List<SuffixTemplate>();
        var rendered = new List<ValueTemplate>();
        foreach (string entry in element.Patterns)
        {
            switch (ClassifyResourceEntry(entry, document, slots, atoms))
            {
                case ResourceEntry.Fixed fixedEntry:
                    patterns.Add(fixedEntry.Pattern);
                    break;
                case ResourceEntry.Suffix suffix:
                    suffixes.Add(suffix.Split);
                    break;
                case ResourceEntry.Rendered template:
                    rendered.Add(template.Template);
                    break;
            }
        }

        return new ResourceCheck(element.IsNot, [.. patterns], [.. suffixes], [.. rendered]);
    }

    // The IL form of a ResourceCheck, the same calls in the same order:
    //   int entry0 = ResourceMatching.MatchSuffix(<suffix0>, request); …   (1 match, 0 no, -1 unresolved)
    //   Resource:    <pattern0 matches> || … || entry0 == 1 || …
    //   NotResource: entry0 != -1 && … && !(<pattern0 matches> || … || entry0 == 1 || …)
    // where <pattern matches> is what `atoms` emits (ResourceMatching.IsMatch(<pattern>, request) in the chunks).
    private static Expression EmitResourceMatch(ResourceCheck check, ParameterExpression request, AtomCalls atoms)
    {
        var matches = new List<Expression>();
        var templateResults = new List<ParameterExpression>();
        var assignments = new List<Expression>();
        foreach (ResourcePattern pattern in check.Patterns)
        {
            matches.Add(atoms.Pattern(pattern, request));
        }

        IEnumerable<MethodCallExpression> templateCalls = check.Suffixes
            .Select(s => Expression.Call(RuntimeMethods.ResourceMatchSuffix, Expression.Constant(s), request))
            .Concat(check.Rendered.Select(t => Expression.Call(RuntimeMethods.ResourceMatchTemplate, Expression.Constant(t), request)));
        foreach (MethodCallExpression call in templateCalls)
        {
            ParameterExpression result = Expression.Variable(typeof(int), $"entry{templateResults.Count}");
            templateResults.Add(result);
            assignments.Add(Expression.Assign(result, call));
            matches.Add(Expression.Equal(result, Expression.Constant(1)));
        }

        Expression anyMatches = matches.Count == 0 ? Expression.Constant(false) : matches.Aggregate(Expression.OrElse);
        if (!check.IsNot)
        {
            return templateResults.Count == 0 ? anyMatches : Expression.Block(templateResults, [.. assignments, anyMatches]);
        }

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
    private static ResourceEntry ClassifyResourceEntry(string entry, PolicyDocument document, SlotTable slots, AtomInterner atoms)
    {
        int resourcePartStart = document.RecognisesVariables ? ResourcePartStart(entry) : -1;
        if (resourcePartStart < 0)
        {
            return new ResourceEntry.Fixed(atoms.Pattern(PolicyText.EscapePattern(entry)));
        }

        string head = PolicyText.EscapePattern(entry[..resourcePartStart]);
        List<PolicyText.Piece> pieces = PolicyText.Split(entry[resourcePartStart..]);
        if (pieces.All(p => p.Literal is not null))
        {
            return new ResourceEntry.Fixed(atoms.Pattern(head + string.Concat(pieces.Select(p => p.Literal))));
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
