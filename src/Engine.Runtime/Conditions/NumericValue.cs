namespace Engine.Runtime.Conditions;

/// <summary>
/// The request side of the Numeric operators (iam-semantics.md §7.4): parses request text and
/// compares it with a <see cref="NumericLiteral"/> exactly, for any number of digits.
/// </summary>
internal static class NumericValue
{
    /// <summary>Compares request text with a policy number (request time; no allocation).</summary>
    /// <param name="requestText">The request value.</param>
    /// <param name="policy">The policy value.</param>
    /// <param name="comparison">Negative, zero or positive as the request is below, equal to or above the policy.</param>
    /// <returns><see langword="false"/> when the request text is not a decimal number.</returns>
    public static bool TryCompare(ReadOnlySpan<char> requestText, NumericLiteral policy, out int comparison)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!TryNormalize(requestText, out bool negative, out Range integerRange, out Range fractionRange))
        {
            comparison = 0;
            return false;
        }

        if (negative != policy.IsNegative)
        {
            comparison = negative ? -1 : 1;
            return true;
        }

        ReadOnlySpan<char> integer = requestText[integerRange];
        ReadOnlySpan<char> fraction = requestText[fractionRange];

        // Without leading zeros a longer integer part is larger; equal lengths compare digit by
        // digit; fractions without trailing zeros compare digit by digit, a proper prefix being
        // smaller. Ordinal order of ASCII digits is numeric order.
        int magnitude = integer.Length != policy.IntegerDigits.Length
            ? integer.Length.CompareTo(policy.IntegerDigits.Length)
            : integer.SequenceCompareTo(policy.IntegerDigits);
        if (magnitude == 0)
        {
            magnitude = fraction.SequenceCompareTo(policy.FractionDigits);
        }

        magnitude = Math.Sign(magnitude);
        comparison = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>
    /// Checks the grammar <c>[+-]?digits(.digits)?</c> and locates the significant digits: the
    /// integer part without leading zeros and the fraction without trailing zeros.
    /// </summary>
    internal static bool TryNormalize(ReadOnlySpan<char> text, out bool negative, out Range integer, out Range fraction)
    {
        negative = false;
        integer = default;
        fraction = default;
        int i = 0;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }

        int integerStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        int integerEnd = i;
        if (integerEnd == integerStart)
        {
            return false;
        }

        int fractionStart = i;
        int fractionEnd = i;
        if (i < text.Length)
        {
            if (text[i] != '.')
            {
                return false;
            }

            fractionStart = ++i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            fractionEnd = i;
            if (fractionEnd == fractionStart || i != text.Length)
            {
                return false;
            }
        }

        while (integerStart < integerEnd && text[integerStart] == '0')
        {
            integerStart++;
        }

        while (fractionEnd > fractionStart && text[fractionEnd - 1] == '0')
        {
            fractionEnd--;
        }

        integer = integerStart..integerEnd;
        fraction = fractionStart..fractionEnd;

        // SPEC: -0 equals 0, so zero carries no sign.
        negative &= integerStart != integerEnd || fractionStart != fractionEnd;
        return true;
    }
}
