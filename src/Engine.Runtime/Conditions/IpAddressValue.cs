namespace Engine.Runtime.Conditions;

/// <summary>
/// IPv4 and IPv6 address text for the IP operators (iam-semantics.md §7.4, IP address).
/// </summary>
/// <remarks>
/// IPv4 is a dotted quad of decimal octets 0–255. An octet with a leading zero (<c>01</c>) is
/// rejected: some parsers read it as octal and others as decimal, so accepting it would make a
/// policy mean different things to different readers. IPv6 takes 1–4 hex digits per group in
/// either case, at most one <c>::</c>, and an IPv4 dotted quad as the last 32 bits; zone ids
/// (<c>%eth0</c>) and brackets are rejected. An IPv4-mapped IPv6 address stays IPv6: families
/// never mix.
/// </remarks>
internal static class IpAddressValue
{
    private const int Ipv6Groups = 8;

    /// <summary>Parses an address (request time; no allocation).</summary>
    /// <param name="text">The address text.</param>
    /// <param name="address">The address; an IPv4 address is in the low 32 bits.</param>
    /// <param name="isIPv6">Whether the address is IPv6.</param>
    /// <returns><see langword="false"/> when the text is not an address.</returns>
    public static bool TryParseAddress(ReadOnlySpan<char> text, out UInt128 address, out bool isIPv6)
    {
        address = 0;
        isIPv6 = text.Contains(':');
        if (!isIPv6)
        {
            if (!TryParseIPv4(text, out uint v4))
            {
                return false;
            }

            address = v4;
            return true;
        }

        return TryParseIPv6(text, out address);
    }

    private static bool TryParseIPv4(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        int i = 0;
        for (int octet = 0; octet < 4; octet++)
        {
            if (octet > 0)
            {
                if (i >= text.Length || text[i] != '.')
                {
                    return false;
                }

                i++;
            }

            int start = i;
            int value = 0;
            while (i < text.Length && i - start < 3 && char.IsAsciiDigit(text[i]))
            {
                value = (value * 10) + (text[i] - '0');
                i++;
            }

            int length = i - start;
            if (length == 0 || value > 255 || (length > 1 && text[start] == '0'))
            {
                return false;
            }

            address = (address << 8) | (uint)value;
        }

        return i == text.Length;
    }

    private static bool TryParseIPv6(ReadOnlySpan<char> text, out UInt128 address)
    {
        address = 0;
        Span<ushort> groups = stackalloc ushort[Ipv6Groups];
        int count = 0;
        int compressionAt = -1;
        int i = 0;
        if (text.StartsWith("::"))
        {
            compressionAt = 0;
            i = 2;
        }

        while (i < text.Length)
        {
            int start = i;
            int value = 0;
            while (i < text.Length && i - start < 5 && char.IsAsciiHexDigit(text[i]))
            {
                value = (value << 4) | HexValue(text[i]);
                i++;
            }

            if (i < text.Length && text[i] == '.')
            {
                // An IPv4 tail fills the last two groups and must end the text.
                if (count > Ipv6Groups - 2 || !TryParseIPv4(text[start..], out uint v4))
                {
                    return false;
                }

                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)v4;
                i = text.Length;
                break;
            }

            if (i == start || i - start > 4 || count == Ipv6Groups)
            {
                return false;
            }

            groups[count++] = (ushort)value;
            if (i == text.Length)
            {
                break;
            }

            if (text[i] != ':')
            {
                return false;
            }

            i++;
            if (i < text.Length && text[i] == ':')
            {
                if (compressionAt >= 0)
                {
                    return false;
                }

                compressionAt = count;
                i++;
            }
            else if (i == text.Length)
            {
                // A single trailing colon.
                return false;
            }
        }

        if (compressionAt < 0 ? count != Ipv6Groups : count > Ipv6Groups - 1)
        {
            return false;
        }

        // "::" stands for the zero groups between the groups before and after it.
        int zeros = Ipv6Groups - count;
        UInt128 result = 0;
        for (int g = 0; g < count; g++)
        {
            if (g == compressionAt)
            {
                result <<= 16 * zeros;
            }

            result = (result << 16) | groups[g];
        }

        if (compressionAt == count)
        {
            result <<= 16 * zeros;
        }

        address = result;
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
