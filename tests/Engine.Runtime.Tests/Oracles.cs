using System.Text;
using System.Text.RegularExpressions;

namespace Engine.Runtime.Tests;

/// <summary>
/// Regular-expression oracles written straight from iam-semantics.md, the one place the
/// solution uses Regex: they share no code with the matchers they check.
/// </summary>
internal static class Oracles
{
    private const string AnyChar = @"[\s\S]";

    /// <summary>§4.1 / §7.4 StringLike: whole-text glob.</summary>
    public static bool Glob(string escapedPattern, string text, bool ignoreCase)
    {
        var regex = new StringBuilder(@"\A");
        foreach ((char c, bool wildcard) in Tokens(escapedPattern))
        {
            regex.Append(wildcard ? (c == '*' ? AnyChar + "*" : AnyChar) : Regex.Escape(c.ToString()));
        }

        regex.Append(@"\z");
        RegexOptions options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : 0);
        return Regex.IsMatch(text, regex.ToString(), options);
    }

    /// <summary>§5.2, rule by rule.</summary>
    public static bool Resource(string escapedPattern, string resource)
    {
        if (escapedPattern == "*")
        {
            return true;
        }

        var regex = new StringBuilder(@"\A");
        int colons = 0;
        List<(char C, bool Wildcard, bool Escaped)> tokens = TokensWithEscapes(escapedPattern);
        for (int i = 0; i < tokens.Count; i++)
        {
            (char c, bool wildcard, bool escaped) = tokens[i];
            if (!wildcard)
            {
                regex.Append(Regex.Escape(c.ToString()));
                if (c == ':' && !escaped)
                {
                    colons++;
                }

                continue;
            }

            bool resourcePart = colons >= 5;
            if (c == '?')
            {
                regex.Append(resourcePart ? AnyChar : "[^:]");
            }
            else
            {
                bool lastOfField = i + 1 == tokens.Count || (tokens[i + 1].C == ':' && !tokens[i + 1].Escaped);
                regex.Append(resourcePart || lastOfField ? AnyChar + "*" : "[^:]*");
            }
        }

        regex.Append(@"\z");
        return Regex.IsMatch(resource, regex.ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>§7.4 ARN family: split both sides into six fields and glob them.</summary>
    public static bool ArnLike(string escapedPattern, string value)
    {
        List<string>? patternFields = SplitFields(escapedPattern, escaped: true);
        List<string>? valueFields = SplitFields(value, escaped: false);
        if (patternFields is null || valueFields is null || !escapedPattern.StartsWith("arn:", StringComparison.Ordinal)
            || !value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        for (int i = 0; i < 6; i++)
        {
            if (!Glob(patternFields[i], valueFields[i], ignoreCase: false))
            {
                return false;
            }
        }

        return true;
    }

    private static List<string>? SplitFields(string text, bool escaped)
    {
        var fields = new List<string>();
        int start = 0;
        for (int i = 0; i < text.Length && fields.Count < 5; i++)
        {
            if (escaped && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == ':')
            {
                fields.Add(text[start..i]);
                start = i + 1;
            }
        }

        if (fields.Count < 5)
        {
            return null;
        }

        fields.Add(text[start..]);
        return fields;
    }

    private static IEnumerable<(char C, bool Wildcard)> Tokens(string escapedPattern) =>
        TokensWithEscapes(escapedPattern).Select(t => (t.C, t.Wildcard));

    private static List<(char C, bool Wildcard, bool Escaped)> TokensWithEscapes(string escapedPattern)
    {
        var tokens = new List<(char, bool, bool)>();
        for (int i = 0; i < escapedPattern.Length; i++)
        {
            char c = escapedPattern[i];
            if (c == '\\' && i + 1 < escapedPattern.Length)
            {
                tokens.Add((escapedPattern[++i], false, true));
            }
            else
            {
                tokens.Add((c, c is '*' or '?', false));
            }
        }

        return tokens;
    }
}
