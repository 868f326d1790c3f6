using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace Engine.Compiler.Reference;

/// <summary>
/// The typed values of iam-semantics.md §7.4 as the reference reads them: plain, allocation-happy
/// code built on the BCL (BigInteger, DateTimeOffset, IPAddress, Convert) so that it shares nothing
/// with the runtime's hand-written parsers.
/// </summary>
internal static class ReferenceValues
{
    /// <summary>An exact decimal: <c>Digits / 10^Scale</c>.</summary>
    internal readonly record struct ExactNumber(BigInteger Digits, int Scale) : IComparable<ExactNumber>
    {
        public int CompareTo(ExactNumber other)
        {
            int scale = Math.Max(Scale, other.Scale);
            return (Digits * BigInteger.Pow(10, scale - Scale)).CompareTo(other.Digits * BigInteger.Pow(10, scale - other.Scale));
        }
    }

    // SPEC: §7.4 Numeric — optional sign, digits, optional `.` and digits; nothing else.
    public static ExactNumber? ParseNumber(string text)
    {
        string body = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        string[] parts = body.Split('.');
        if (parts.Length > 2 || parts[0].Length == 0 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            return null;
        }

        string fraction = parts.Length == 2 ? parts[1] : string.Empty;
        var digits = BigInteger.Parse(parts[0] + fraction, CultureInfo.InvariantCulture);
        return new ExactNumber(text.StartsWith('-') ? -digits : digits, fraction.Length);
    }

    // SPEC: §7.4 Date — epoch seconds (digits with an optional leading `-`) or a W3C/ISO 8601 form.
    public static DateTimeOffset? ParseDate(string text)
    {
        string digits = text.StartsWith('-') ? text[1..] : text;
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds)
                || seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                return null;
            }

            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        // Split off the zone designator: `Z` or `±hh:mm` after the time; none means UTC.
        string local = text;
        TimeSpan offset = TimeSpan.Zero;
        int t = text.IndexOf('T', StringComparison.Ordinal);
        if (t > 0)
        {
            if (text.EndsWith('Z'))
            {
                local = text[..^1];
            }
            else if (text.Length - t > 6 && text[^6] is '+' or '-' && text[^3] == ':')
            {
                if (!int.TryParse(text.AsSpan(text.Length - 5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int hh)
                    || !int.TryParse(text.AsSpan(text.Length - 2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int mm)
                    || hh > 23 || mm > 59)
                {
                    return null;
                }

                offset = new TimeSpan(hh, mm, 0) * (text[^6] == '-' ? -1 : 1);
                local = text[..^6];
            }
        }

        string[] formats = ["yyyy-MM", "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];
        string trimmed = TruncateFraction(local);
        if (!DateTime.TryParseExact(trimmed, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime dateTime))
        {
            return null;
        }

        try
        {
            return new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Unspecified), offset).ToUniversalTime();
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    // More than seven fraction digits are below a tick: keep seven (the runtime does the same).
    private static string TruncateFraction(string local)
    {
        int dot = local.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || local.Length - dot - 1 <= 7)
        {
            return local;
        }

        string fraction = local[(dot + 1)..];
        return fraction.All(char.IsAsciiDigit) ? local[..(dot + 8)] : local;
    }

    // SPEC: §7.4 Bool — `true` / `false`, case-insensitive.
    public static bool? ParseBool(string text) =>
        string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) ? true
        : string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) ? false
        : null;

    // SPEC: §7.4 BinaryEquals — compare decoded bytes; when either side is not base-64, the strings.
    public static bool BinaryEquals(string request, string policy)
    {
        byte[]? requestBytes = DecodeBase64(request), policyBytes = DecodeBase64(policy);
        return requestBytes is null || policyBytes is null
            ? request == policy
            : requestBytes.AsSpan().SequenceEqual(policyBytes);
    }

    private static byte[]? DecodeBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // SPEC: §7.4 IP — one IPv4 (dotted quad, decimal octets) or IPv6 address.
    public static IPAddress? ParseAddress(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            bool plain = text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.');
            return plain && IPAddress.TryParse(text, out IPAddress? v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }

        string[] octets = text.Split('.');
        // Decimal octets without leading zeros: `01` is refused, since some readers take it as octal
        // (engine choice, AWS is silent; the runtime makes the same one).
        if (octets.Length != 4 || !octets.All(o => o.Length is >= 1 and <= 3 && o.All(char.IsAsciiDigit)
            && (o.Length == 1 || o[0] != '0') && int.Parse(o, CultureInfo.InvariantCulture) <= 255))
        {
            return null;
        }

        return new IPAddress(octets.Select(o => byte.Parse(o, CultureInfo.InvariantCulture)).ToArray());
    }

    // SPEC: §7.4 IP — an address or CIDR range of the same family contains the request address.
    public static bool IpRangeContains(string range, string request)
    {
        IPAddress? address = ParseAddress(request);
        string[] parts = range.Split('/');
        IPAddress? network = ParseAddress(parts[0]);
        if (address is null || network is null || parts.Length > 2 || address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        int width = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        int prefix = width;
        if (parts.Length == 2 && !(parts[1].Length is >= 1 and <= 3 && parts[1].All(char.IsAsciiDigit)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out prefix) && prefix <= width))
        {
            return false;
        }

        // Compare the top `prefix` bits as big integers: no shift-by-width surprises (D17).
        var a = new BigInteger(address.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        var n = new BigInteger(network.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        BigInteger divisor = BigInteger.Pow(2, width - prefix);
        return BigInteger.Divide(a, divisor) == BigInteger.Divide(n, divisor);
    }
}
