namespace Engine.Compiler.Emit;

/// <summary>
/// Turns policy text into the runtime's forms: escaped glob patterns (<c>\</c> makes the next
/// character literal) and templates with policy variables (iam-semantics.md §6.2).
/// </summary>
internal static class PolicyText
{
    /// <summary>One piece of a value: literal text, or a variable (key and optional default).</summary>
    internal readonly record struct Piece(string? Literal, string? VariableKey, string? Default);

    /// <summary>Escapes a backslash so the runtime reads it literally; <c>*</c> and <c>?</c> stay wildcards.</summary>
    public static string EscapePattern(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal);

    // SPEC: iam-semantics.md §6.2 — scan left to right: `${*}`, `${?}`, `${$}` are literal characters;
    // `${name}` and `${name, 'default'}` are variables; a `$` not followed by `{`, or a `${` with no
    // closing `}`, is literal text. Variables do not nest: the first `}` closes.
    // DIVERGENCE: the reference resolves variables while scanning (ReferenceEvaluator.Substitute);
    // here the scan happens once at compile time and resolution per request. The rules are the
    // same text of §6.2.
    public static List<Piece> Split(string text)
    {
        var pieces = new List<Piece>();
        var literal = new System.Text.StringBuilder();
        int i = 0;
        while (i < text.Length)
        {
            int close = text.IndexOf('}', i);
            bool opens = text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{' && close > i;
            if (!opens)
            {
                literal.Append(text[i] == '\\' ? "\\\\" : text[i].ToString());
                i++;
                continue;
            }

            string inner = text[(i + 2)..close];
            i = close + 1;
            if (inner is "*" or "?")
            {
                literal.Append('\\').Append(inner);
                continue;
            }

            if (inner == "$")
            {
                literal.Append('$');
                continue;
            }

            if (literal.Length > 0)
            {
                pieces.Add(new Piece(literal.ToString(), null, null));
                literal.Clear();
            }

            (string key, string? fallback) = ReadVariable(inner);
            pieces.Add(new Piece(null, key, fallback));
        }

        if (literal.Length > 0)
        {
            pieces.Add(new Piece(literal.ToString(), null, null));
        }

        return pieces;
    }

    // SPEC: §6.2 — `name` or `name, 'default'` (any spaces after the comma); names are trimmed.
    private static (string Key, string? Default) ReadVariable(string inner)
    {
        int comma = inner.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            string rest = inner[(comma + 1)..].TrimStart(' ');
            if (rest.Length >= 2 && rest[0] == '\'' && rest[^1] == '\'' && !rest[1..^1].Contains('\'', StringComparison.Ordinal))
            {
                return (inner[..comma].Trim(), rest[1..^1]);
            }
        }

        return (inner.Trim(), null);
    }

    /// <summary>Removes the escapes of an escaped text with no wildcards (for exact comparisons).</summary>
    public static string Unescape(string escaped)
    {
        var builder = new System.Text.StringBuilder(escaped.Length);
        for (int i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 1 < escaped.Length)
            {
                i++;
            }

            builder.Append(escaped[i]);
        }

        return builder.ToString();
    }
}
