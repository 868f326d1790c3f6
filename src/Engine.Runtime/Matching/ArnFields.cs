using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Engine.Runtime.Matching;

/// <summary>
/// Where the six fields of an ARN lie in its text (<c>arn:partition:service:region:account:resource</c>),
/// found without allocating: the first five colons separate the fields and the resource part is
/// everything after the fifth, colons included (iam-semantics.md §5.1).
/// </summary>
/// <remarks>
/// The one ARN splitter of the compiled engine. It checks only the shape (the <c>arn:</c> prefix and
/// five field colons); what a field must hold (a 12-digit account, an empty region) is for the
/// caller to decide. Index the ARN text with the ranges: <c>arn[fields.Account]</c>.
/// </remarks>
public readonly struct ArnFields
{
    private const int PartitionStart = 4;

    private readonly int _partitionEnd;
    private readonly int _serviceEnd;
    private readonly int _regionEnd;
    private readonly int _accountEnd;

    private ArnFields(int partitionEnd, int serviceEnd, int regionEnd, int accountEnd)
    {
        _partitionEnd = partitionEnd;
        _serviceEnd = serviceEnd;
        _regionEnd = regionEnd;
        _accountEnd = accountEnd;
    }

    /// <summary>The partition field (<c>aws</c>, <c>aws-cn</c>, …), possibly empty.</summary>
    public Range Partition => new(PartitionStart, _partitionEnd);

    /// <summary>The service field (<c>iam</c>, <c>s3</c>, …), possibly empty.</summary>
    public Range Service => new(_partitionEnd + 1, _serviceEnd);

    /// <summary>The region field, possibly empty.</summary>
    public Range Region => new(_serviceEnd + 1, _regionEnd);

    /// <summary>The account field, possibly empty.</summary>
    public Range Account => new(_regionEnd + 1, _accountEnd);

    /// <summary>The resource part: everything after the fifth colon, colons included; possibly empty.</summary>
    public Range Resource => new(_accountEnd + 1, Index.End);

    /// <summary>Locates the fields of an ARN-shaped text.</summary>
    /// <param name="arn">The text; it is not kept.</param>
    /// <param name="fields">The fields' ranges in <paramref name="arn"/>, or default.</param>
    /// <returns>
    /// <see langword="false"/> when the text does not start with <c>arn:</c> (case-sensitive) or has
    /// fewer than five colons; the text after the fifth colon does not change the result.
    /// </returns>
    public static bool TryParse(ReadOnlySpan<char> arn, out ArnFields fields)
    {
        fields = default;
        if (!arn.StartsWith("arn:"))
        {
            return false;
        }

        // PERF (seed profile: a scalar search for the colons was a twentieth of Evaluate's own
        // time): the colons of the first 64 characters as one bit mask, eight characters a
        // vector compare, then the four field ends are its lowest set bits past "arn:". An ARN
        // whose fifth colon lies further on (a long service or region text) takes the scalar path.
        ulong colons = ColonsOfFirst64(arn) & ~0xFUL;
        if (BitOperations.PopCount(colons) >= 4)
        {
            int partition = BitOperations.TrailingZeroCount(colons);
            colons &= colons - 1;
            int service = BitOperations.TrailingZeroCount(colons);
            colons &= colons - 1;
            int region = BitOperations.TrailingZeroCount(colons);
            colons &= colons - 1;
            fields = new ArnFields(partition, service, region, BitOperations.TrailingZeroCount(colons));
            return true;
        }

        // One scalar pass over the first five fields and no stackalloc (a method with localloc
        // is never inlined).
        int partitionEnd = NextColon(arn, PartitionStart);
        int serviceEnd = NextColon(arn, partitionEnd + 1);
        int regionEnd = NextColon(arn, serviceEnd + 1);
        int accountEnd = NextColon(arn, regionEnd + 1);
        if (accountEnd < 0)
        {
            return false;
        }

        fields = new ArnFields(partitionEnd, serviceEnd, regionEnd, accountEnd);
        return true;
    }

    // Bit i set when arn[i] is a colon, for i below 64 and the text's length. Stops after the
    // eight-character block where the fourth colon past "arn:" is seen, so of the resource part
    // at most the rest of that block is read (its colons are above the four that count).
    private static ulong ColonsOfFirst64(ReadOnlySpan<char> arn)
    {
        int length = Math.Min(arn.Length, 64);
        ulong colons = 0;
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref ushort text = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(arn));
            Vector128<ushort> colon = Vector128.Create((ushort)':');
            for (; i + Vector128<ushort>.Count <= length; i += Vector128<ushort>.Count)
            {
                colons |= (ulong)Vector128.Equals(Vector128.LoadUnsafe(ref text, (nuint)i), colon).ExtractMostSignificantBits() << i;
                if (BitOperations.PopCount(colons & ~0xFUL) >= 4)
                {
                    return colons;
                }
            }
        }

        for (; i < length; i++)
        {
            if (arn[i] == ':')
            {
                colons |= 1UL << i;
            }
        }

        return colons;
    }

    // The first colon at or after start, or -1. A failed search (-1) gives the next one start 0,
    // which fails too, so the first missing colon fails the whole parse.
    private static int NextColon(ReadOnlySpan<char> arn, int start)
    {
        if (start <= 0)
        {
            return -1;
        }

        for (int i = start; i < arn.Length; i++)
        {
            if (arn[i] == ':')
            {
                return i;
            }
        }

        return -1;
    }
}
