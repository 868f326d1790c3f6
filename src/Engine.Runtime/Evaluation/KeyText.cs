using System.Text;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// Ordinal ignore-case equality of condition keys (iam-semantics.md §1.4) with an ASCII fast path.
/// </summary>
/// <remarks>
/// PERF: real condition keys are ASCII; <see cref="Ascii.EqualsIgnoreCase(ReadOnlySpan{char}, ReadOnlySpan{char})"/>
/// skips the general ordinal-ignore-case machinery. It answers false for any non-ASCII text, so
/// such text falls back to <see cref="StringComparison.OrdinalIgnoreCase"/>: a non-ASCII character
/// may fold to an ASCII one there, and the answer must not depend on the path.
/// </remarks>
internal static class KeyText
{
    /// <summary>Whether the keys are equal under <see cref="StringComparison.OrdinalIgnoreCase"/>.</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        if (Ascii.EqualsIgnoreCase(a, b))
        {
            return true;
        }

        // Unequal as ASCII: decisive only when both really are ASCII.
        return !(Ascii.IsValid(a) && Ascii.IsValid(b)) && a.Equals(b, StringComparison.OrdinalIgnoreCase);
    }
}
