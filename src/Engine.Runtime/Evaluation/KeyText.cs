using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// A case-insensitive fingerprint of a key: two keys that are <see cref="EqualsIgnoreCase"/>
    /// have fingerprints that <see cref="MayBeEqual"/> accepts, so unequal fingerprints prove the
    /// keys differ without comparing them.
    /// </summary>
    /// <remarks>
    /// PERF (issue #15, overlap-10x50): the duplicate-key check compared every pair of a request's
    /// nine keys (≈ 140 of the fill's 256 ns of thread CPU); with fingerprints it compares
    /// integers and only a matching pair character by character. Built from the length and the
    /// last and middle four characters, ASCII letters folded: condition keys share their front
    /// (<c>aws:</c>, <c>aws:PrincipalTag/</c>), not their end. When one of those characters is not
    /// ASCII the key gets <see cref="Unknown"/> and is compared with every key: whether a non-ASCII
    /// character equals an ASCII one is left to the ordinal ignore-case comparison
    /// (iam-semantics.md §1.4; .NET's keeps U+017F, U+0131 and U+212A apart from <c>s</c>, <c>i</c>
    /// and <c>k</c>, but the fingerprint does not rely on it). Characters that are not sampled do
    /// not matter: equal keys agree at every position.
    /// </remarks>
    public static int Fingerprint(ReadOnlySpan<char> key)
    {
        uint hash = (uint)key.Length * 0x9E3779B1u;
        if (key.Length >= 4)
        {
            ulong end = Four(key[^4..]), middle = Four(key.Slice((key.Length - 4) / 2, 4));
            if (((end | middle) & NonAscii) != 0)
            {
                return Unknown;
            }

            hash = ((hash ^ Fold(end)) * 0x85EBCA77u) ^ Fold(middle);
        }
        else
        {
            foreach (char c in key)
            {
                if (c >= 0x80)
                {
                    return Unknown;
                }

                hash = (hash * 31) + (c | 0x20u);
            }
        }

        // Never Unknown: an ASCII fingerprint is always compared.
        return (int)(hash | 1);
    }

    /// <summary>The fingerprint of a key with non-ASCII characters: it may equal any key.</summary>
    public const int Unknown = 0;

    /// <summary>Whether keys with these fingerprints can be equal (<see cref="Fingerprint"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MayBeEqual(int a, int b) => a == b || a == Unknown || b == Unknown;

    private const ulong NonAscii = 0xFF80_FF80_FF80_FF80UL;

    private static ulong Four(ReadOnlySpan<char> four) => MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(four));

    // Bit 5 set in each character: 'A'..'Z' become 'a'..'z'; other characters may merge too,
    // which only costs a comparison.
    private static uint Fold(ulong four)
    {
        ulong bits = four | 0x0020_0020_0020_0020UL;
        return (uint)bits ^ (uint)(bits >> 29);
    }
}
