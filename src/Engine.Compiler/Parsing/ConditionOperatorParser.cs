using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Engine.Compiler.Model;

namespace Engine.Compiler.Parsing;

/// <summary>
/// Reads condition operator names <c>[ForAllValues:|ForAnyValue:]Base[IfExists]</c>
/// case-insensitively (iam-semantics.md §7.2).
/// </summary>
public static class ConditionOperatorParser
{
    private const string IfExistsSuffix = "IfExists";

    private static readonly FrozenDictionary<string, ConditionOperatorBase> s_bases =
        Enum.GetValues<ConditionOperatorBase>().ToFrozenDictionary(b => b.ToString(), b => b, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, ConditionOperatorBase>.AlternateLookup<ReadOnlySpan<char>> s_baseLookup =
        s_bases.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Parses an operator name; false when it is not an operator of §7.2.</summary>
    /// <param name="text">The operator as written, e.g. <c>ForAnyValue:stringlikeIfExists</c>.</param>
    /// <param name="op">The parsed operator when the result is true.</param>
    /// <returns>Whether <paramref name="text"/> names an operator.</returns>
    public static bool TryParse(string text, out ConditionOperator op)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out op, out _);
    }

    /// <summary>Parses an operator name; on failure <paramref name="reason"/> says why, for error messages.</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, out ConditionOperator op, [NotNullWhen(false)] out string? reason)
    {
        op = default;
        SetOperator set = SetOperator.None;
        int colon = text.IndexOf(':');
        if (colon >= 0)
        {
            ReadOnlySpan<char> prefix = text[..colon];
            if (prefix.Equals("ForAllValues", StringComparison.OrdinalIgnoreCase))
            {
                set = SetOperator.ForAllValues;
            }
            else if (prefix.Equals("ForAnyValue", StringComparison.OrdinalIgnoreCase))
            {
                set = SetOperator.ForAnyValue;
            }
            else
            {
                reason = "unknown set prefix; use `ForAllValues:` or `ForAnyValue:`";
                return false;
            }

            text = text[(colon + 1)..];
        }

        bool ifExists = false;
        if (!s_baseLookup.TryGetValue(text, out ConditionOperatorBase @base))
        {
            if (!text.EndsWith(IfExistsSuffix, StringComparison.OrdinalIgnoreCase)
                || !s_baseLookup.TryGetValue(text[..^IfExistsSuffix.Length], out @base))
            {
                reason = "unknown condition operator";
                return false;
            }

            ifExists = true;
        }

        if (@base == ConditionOperatorBase.Null && (ifExists || set != SetOperator.None))
        {
            // SPEC: iam-semantics.md §7.2: Null takes neither a set prefix nor IfExists.
            reason = ifExists ? "`Null` cannot take `IfExists`" : "`Null` cannot take a set prefix";
            return false;
        }

        op = new ConditionOperator(set, @base, ifExists);
        reason = null;
        return true;
    }
}
