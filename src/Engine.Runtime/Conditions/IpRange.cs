using System.Diagnostics.CodeAnalysis;

namespace Engine.Runtime.Conditions;

/// <summary>
/// A policy-side <c>IpAddress</c>/<c>NotIpAddress</c> value: an address or CIDR range of one
/// family (iam-semantics.md §7.4, IP address).
/// </summary>
internal sealed class IpRange
{
    private readonly UInt128 _network;
    private readonly UInt128 _mask;

    private IpRange(UInt128 network, UInt128 mask, bool isIPv6, int prefixLength)
    {
        _network = network;
        _mask = mask;
        IsIPv6 = isIPv6;
        PrefixLength = prefixLength;
    }

    /// <summary>Whether the range is IPv6.</summary>
    public bool IsIPv6 { get; }

    /// <summary>The number of leading bits that must match (0–32 or 0–128).</summary>
    public int PrefixLength { get; }

    /// <summary>Parses an address or <c>address/prefix</c> (compile time); host bits are masked off.</summary>
    /// <param name="text">The policy value.</param>
    /// <param name="range">The range, or <see langword="null"/> when the text does not parse.</param>
    /// <returns><see langword="true"/> when the text is an address or CIDR range.</returns>
    public static bool TryCreate(string text, [NotNullWhen(true)] out IpRange? range)
    {
        ArgumentNullException.ThrowIfNull(text);
        range = null;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        ReadOnlySpan<char> addressText = slash < 0 ? text : text.AsSpan(0, slash);
        if (!IpAddressValue.TryParseAddress(addressText, out UInt128 address, out bool isIPv6))
        {
            return false;
        }

        int width = isIPv6 ? 128 : 32;
        int prefixLength = width;
        if (slash >= 0)
        {
            ReadOnlySpan<char> digits = text.AsSpan(slash + 1);
            if (digits.IsEmpty || digits.Length > 3 || digits.ContainsAnyExceptInRange('0', '9')
                || (digits.Length > 1 && digits[0] == '0'))
            {
                return false;
            }

            prefixLength = int.Parse(digits, provider: null);
            if (prefixLength > width)
            {
                return false;
            }
        }

        // Shifting a 128-bit value by 128 is a no-op rather than zero, so /0 is special-cased:
        // it must cover the whole family.
        UInt128 familyBits = isIPv6 ? UInt128.MaxValue : uint.MaxValue;
        UInt128 mask = prefixLength == 0 ? UInt128.Zero : (UInt128.MaxValue << (width - prefixLength)) & familyBits;
        range = new IpRange(address & mask, mask, isIPv6, prefixLength);
        return true;
    }

    /// <summary>Whether an address of the given family lies in the range (request time; no allocation).</summary>
    /// <param name="address">The address from <see cref="IpAddressValue.TryParseAddress"/>.</param>
    /// <param name="isIPv6">Its family; a range never contains an address of the other family.</param>
    /// <returns><see langword="true"/> when the address is in the range.</returns>
    public bool Contains(UInt128 address, bool isIPv6) => isIPv6 == IsIPv6 && (address & _mask) == _network;
}
