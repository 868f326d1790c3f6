using System.Collections.Immutable;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Lint;

/// <summary>
/// Access-Analyzer-style checks of one policy document (the checks are listed in docs/cli.md). It reads the model the
/// compiler parses (<see cref="PolicyParser"/>) and, for locations, the document's located JSON tree. A finding
/// never changes a decision: the checks read the document and nothing else.
/// </summary>
public static partial class PolicyLinter
{
    /// <summary>Checks a UTF-8 policy document.</summary>
    /// <param name="utf8Json">The document's bytes.</param>
    /// <param name="kind">The policy type, which decides some rules (unique Sids, quotas, PassRole).</param>
    /// <returns>The findings; parse errors become ERROR findings with the compiler's code (<c>INVALID_JSON</c>, <c>INVALID_CONDITION_OPERATOR</c>, …) and no other check runs.</returns>
    public static LintResult Lint(byte[] utf8Json, PolicyKind kind)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        byte[] text = utf8Json.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? utf8Json[3..] : utf8Json;
        var map = new LineMap(text);
        PolicyParseResult parsed = PolicyParser.Parse(text, kind);
        if (!parsed.Success)
        {
            ImmutableArray<PolicyFinding> errors = [.. parsed.Errors.Select(e => ToFinding(e, map))];
            return new LintResult(errors, false);
        }

        LocatedJson? root = LocatedJson.TryParse(text);
        if (root is null)
        {
            return new LintResult([], true);
        }

        var context = new LintContext(text, map, kind, parsed.Document!, root);
        context.Run();
        return new LintResult([.. context.Findings.OrderBy(f => f.Type).ThenBy(f => f.Span.Start.Offset).ThenBy(f => f.IssueCode, StringComparer.Ordinal)], true);
    }

    /// <summary>Checks a policy document held in a string.</summary>
    /// <param name="json">The document.</param>
    /// <param name="kind">The policy type.</param>
    public static LintResult Lint(string json, PolicyKind kind)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Lint(System.Text.Encoding.UTF8.GetBytes(json), kind);
    }

    private static PolicyFinding ToFinding(PolicyError error, LineMap map)
    {
        SourcePosition start = map.FromLineColumn(error.Location.Line, error.Location.Column);
        ImmutableArray<PathElement> path = [.. ParsePath(error.Path)];
        // The compiler's code in Access Analyzer's spelling (InvalidConditionOperator -> INVALID_CONDITION_OPERATOR).
        string code = string.Concat(error.Code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
        return new PolicyFinding(FindingType.Error, code, $"{error.Message} at {error.Path}", path, new SourceSpan(start, start));
    }

    /// <summary>Reads the compiler's <c>$.Statement[2].Condition</c> paths into path elements.</summary>
    private static IEnumerable<PathElement> ParsePath(string path)
    {
        int i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                yield return new PathElement(path[(i + 1)..end], null);
                i = end;
            }
            else if (path[i] == '[')
            {
                int end = path.IndexOf(']', i);
                end = end < 0 ? path.Length : end;
                yield return int.TryParse(path.AsSpan(i + 1, end - i - 1), System.Globalization.CultureInfo.InvariantCulture, out int index)
                    ? new PathElement(null, index)
                    : new PathElement(path[(i + 1)..end].Trim('\'', '"'), null);
                i = end + 1;
            }
            else
            {
                i++;
            }
        }
    }
}
