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
            int last = action.Length - Vector128<ushort>.Count;
            Block block = Block.Folded;
            for (; i <= last; i += Vector128<ushort>.Count)
            {
                block = FoldBlock(ref src, ref dst, i, firstNew: 0, ref colon);
                if (block != Block.Folded)
                {
                    break;
                }
            }

            // PERF (overlap-10x50 profile: a fifth of Evaluate's own time in the scalar loop over
            // the last few characters): the characters after the last whole block are folded as
            // one more block that ends where the action ends and overlaps the one before; its
            // lanes already done are folded again to the same value and their colons not recounted.
            if (block == Block.Folded && i < action.Length)
            {
                block = FoldBlock(ref src, ref dst, last, firstNew: i - last, ref colon);
                if (block == Block.Folded)
                {
                    i = action.Length;
                }
            }

            if (block == Block.Malformed)
            {
                return false;
            }

            // Block.NonAscii: the scalar loop folds it (and re-checks the shape from there).
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

    private enum Block
    {
        Folded,
        NonAscii,
        Malformed,
    }

    // Checks and folds the eight characters at `at`; lanes below `firstNew` were done by an
    // earlier block, so their colons are not counted again. Nothing is written unless Folded.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Block FoldBlock(ref ushort src, ref ushort dst, int at, int firstNew, ref int colon)
    {
        Vector128<ushort> v = Vector128.LoadUnsafe(ref src, (nuint)at);
        if ((v & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero)
        {
            return Block.NonAscii;
        }

        if ((Vector128.Equals(v, Vector128.Create((ushort)'*')) | Vector128.Equals(v, Vector128.Create((ushort)'?'))) != Vector128<ushort>.Zero)
        {
            return Block.Malformed;
        }

        uint colons = Vector128.Equals(v, Vector128.Create((ushort)':')).ExtractMostSignificantBits() & (uint.MaxValue << firstNew);
        if (colons != 0)
        {
            if (colon >= 0 || (colons & (colons - 1)) != 0)
            {
                return Block.Malformed;
            }

            colon = at + System.Numerics.BitOperations.TrailingZeroCount(colons);
        }

        // 'a'..'z' lose the 0x20 bit: (v - 'a') <= 25 as unsigned selects them.
        Vector128<ushort> isLower = Vector128.LessThanOrEqual(v - Vector128.Create((ushort)'a'), Vector128.Create((ushort)('z' - 'a')));
        (v - (isLower & Vector128.Create((ushort)0x20))).StoreUnsafe(ref dst, (nuint)at);
        return Block.Folded;
    }
}
