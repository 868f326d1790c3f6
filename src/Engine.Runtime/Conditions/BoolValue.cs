namespace Engine.Runtime.Conditions;

/// <summary>The Bool operator's values (iam-semantics.md §7.4, Bool).</summary>
internal static class BoolValue
{
    /// <summary>Parses <c>true</c> or <c>false</c>, ignoring case (request time; no allocation).</summary>
    /// <param name="text">The value.</param>
    /// <param name="value">The boolean, or <see langword="false"/> when the text does not parse.</param>
    /// <returns><see langword="true"/> when the text is <c>true</c> or <c>false</c> in any case.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out bool value)
    {
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }
}
