using System.Diagnostics.CodeAnalysis;

namespace Engine.Runtime.Conditions;

/// <summary>
/// A policy-side decimal number (iam-semantics.md §7.4, Numeric), parsed once and kept in a
/// normalised form that compares exactly with request text of any length.
/// </summary>
internal sealed class NumericLiteral
{
    private NumericLiteral(bool isNegative, string integerDigits, string fractionDigits)
    {
        IsNegative = isNegative;
        IntegerDigits = integerDigits;
        FractionDigits = fractionDigits;
    }

    /// <summary>Whether the number is below zero (never true for zero, even written <c>-0</c>).</summary>
    public bool IsNegative { get; }

    /// <summary>The integer digits without leading zeros (empty for a zero integer part).</summary>
    public string IntegerDigits { get; }

    /// <summary>The fraction digits without trailing zeros (empty when there is no fraction).</summary>
    public string FractionDigits { get; }

    /// <summary>Parses a policy value (compile time).</summary>
    /// <param name="text">The policy value: an optional sign, digits, optionally <c>.</c> and digits.</param>
    /// <param name="value">The number, or <see langword="null"/> when the text does not parse.</param>
    /// <returns><see langword="true"/> when the text is a decimal number.</returns>
    public static bool TryCreate(string text, [NotNullWhen(true)] out NumericLiteral? value)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!NumericValue.TryNormalize(text, out bool negative, out Range integer, out Range fraction))
        {
            value = null;
            return false;
        }

        value = new NumericLiteral(negative, text[integer], text[fraction]);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        (IsNegative ? "-" : string.Empty)
        + (IntegerDigits.Length == 0 ? "0" : IntegerDigits)
        + (FractionDigits.Length == 0 ? string.Empty : "." + FractionDigits);
}
