using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Engine.Runtime.Matching;

/// <summary>
/// Checks a request action's shape and case-folds it in one pass, so that the action trie can
/// compare plain characters instead of folding at every node.
/// </summary>
/// <remarks>
/// PERF: the real action catalog is ASCII, 10–40 characters; eight characters per
/// <see cref="Vector128{T}"/> step test "ASCII?", find colons and wildcards and fold
/// <c>a</c>–<c>z</c> together. Anything else (non-ASCII, no SIMD) takes the scalar path, which is
/// the definition both paths must agree with (see the tests' scalar oracle).
/// </remarks>
internal static class ActionText
{
    /// <summary>
    /// Writes <see cref="CaseFolding.Fold"/> of every character of <paramref name="action"/> into
    /// <paramref name="folded"/> and returns whether the action is well formed (§1.1: exactly one
    /// colon, non-empty prefix and name, no <c>*</c> or <c>?</c>). <paramref name="folded"/> is
    /// only complete when the result is true.
    /// </summary>
    /// <param name="action">The request action.</param>
    /// <param name="folded">At least <c>action.Length</c> characters.</param>
    public static bool TryFoldWellFormed(ReadOnlySpan<char> action, Span<char> folded)
    {
        if (folded.Length < action.Length)
        {
            ThrowHelper.ThrowArgumentTooShort(nameof(folded), action.Length);
        }

        int i = 0, colon = -1;
        if (Vector128.IsHardwareAccelerated && action.Length >= Vector128<ushort>.Count)
        {
            ref ushort src = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(action));
            ref ushort dst = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(folded));
            Vector128<ushort> nonAscii = Vector128.Create((ushort)0xFF80);
            Vector128<ushort> colonChar = Vector128.Create((ushort)':');
            Vector128<ushort> star = Vector128.Create((ushort)'*');
            Vector128<ushort> question = Vector128.Create((ushort)'?');
            Vector128<ushort> lowerA = Vector128.Create((ushort)'a');
            Vector128<ushort> letterSpan = Vector128.Create((ushort)('z' - 'a'));
            Vector128<ushort> caseBit = Vector128.Create((ushort)0x20);
            int last = action.Length - Vector128<ushort>.Count;
            for (; i <= last; i += Vector128<ushort>.Count)
            {
                Vector128<ushort> v = Vector128.LoadUnsafe(ref src, (nuint)i);
                if ((v & nonAscii) != Vector128<ushort>.Zero)
                {
                    // Non-ASCII: the scalar path folds it (and re-checks the shape from here).
                    break;
                }

                if ((Vector128.Equals(v, star) | Vector128.Equals(v, question)) != Vector128<ushort>.Zero)
                {
                    return false;
                }

                uint colons = Vector128.Equals(v, colonChar).ExtractMostSignificantBits();
                if (colons != 0)
                {
                    if (colon >= 0 || (colons & (colons - 1)) != 0)
                    {
                        return false;
                    }

                    colon = i + System.Numerics.BitOperations.TrailingZeroCount(colons);
                }

                // 'a'..'z' lose the 0x20 bit: (v - 'a') <= 25 as unsigned selects them.
                Vector128<ushort> isLower = Vector128.LessThanOrEqual(v - lowerA, letterSpan);
                (v - (isLower & caseBit)).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < action.Length; i++)
        {
            char c = action[i];
            if (c == ':')
            {
                if (colon >= 0)
                {
                    return false;
                }

                colon = i;
            }
            else if (c is '*' or '?')
            {
                return false;
            }

            folded[i] = CaseFolding.Fold(c);
        }

        return colon > 0 && colon < action.Length - 1;
    }
}
