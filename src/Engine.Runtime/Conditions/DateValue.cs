namespace Engine.Runtime.Conditions;

/// <summary>
/// The Date operators' values (iam-semantics.md §7.4, Date): epoch seconds or W3C/ISO 8601
/// dates, converted to UTC ticks so that either form compares with the other.
/// </summary>
internal static class DateValue
{
    private const long MaxTicks = 3_155_378_975_999_999_999; // DateTime.MaxValue.Ticks
    private const long UnixEpochTicks = 621_355_968_000_000_000;
    private const long MinEpochSeconds = -UnixEpochTicks / TimeSpan.TicksPerSecond;
    private const long MaxEpochSeconds = (MaxTicks - UnixEpochTicks) / TimeSpan.TicksPerSecond;

    /// <summary>Parses a date value (request time; no allocation).</summary>
    /// <param name="text">
    /// Either an integer (digits with an optional leading <c>-</c>): seconds since the Unix epoch;
    /// or <c>YYYY-MM</c>, <c>YYYY-MM-DD</c>, <c>YYYY-MM-DDThh:mm[:ss[.fraction]][TZD]</c> with
    /// <c>TZD</c> = <c>Z</c> or <c>±hh:mm</c> (none = UTC). Fraction digits beyond the seventh are
    /// truncated.
    /// </param>
    /// <param name="utcTicks">The instant as <see cref="DateTime.Ticks"/> of a UTC date-time.</param>
    /// <returns><see langword="false"/> for any other text or an instant outside <see cref="DateTime"/>'s range.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out long utcTicks)
    {
        utcTicks = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        // SPEC: an all-digit value (optionally negative) is epoch seconds, so "2024" is not a year.
        ReadOnlySpan<char> digits = text[0] == '-' ? text[1..] : text;
        if (!digits.IsEmpty && IsAllDigits(digits))
        {
            return TryParseEpochSeconds(digits, text[0] == '-', out utcTicks);
        }

        return TryParseIso(text, out utcTicks);
    }

    private static bool IsAllDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseEpochSeconds(ReadOnlySpan<char> digits, bool negative, out long utcTicks)
    {
        utcTicks = 0;
        long seconds = 0;
        foreach (char c in digits)
        {
            seconds = (seconds * 10) + (c - '0');

            // Leading zeros are harmless; stop as soon as the magnitude leaves the range, long
            // before a long could overflow.
            if (seconds > MaxEpochSeconds + 1 - MinEpochSeconds)
            {
                return false;
            }
        }

        if (negative)
        {
            seconds = -seconds;
        }

        if (seconds < MinEpochSeconds || seconds > MaxEpochSeconds)
        {
            return false;
        }

        utcTicks = UnixEpochTicks + (seconds * TimeSpan.TicksPerSecond);
        return true;
    }

    private static bool TryParseIso(ReadOnlySpan<char> text, out long utcTicks)
    {
        utcTicks = 0;

        // YYYY-MM
        if (text.Length < 7
            || !TryDigits(text, 0, 4, out int year)
            || text[4] != '-'
            || !TryDigits(text, 5, 2, out int month)
            || year < 1
            || month is < 1 or > 12)
        {
            return false;
        }

        int day = 1;
        int i = 7;
        if (i < text.Length)
        {
            // -DD
            if (text.Length < 10 || text[7] != '-' || !TryDigits(text, 8, 2, out day)
                || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                return false;
            }

            i = 10;
        }

        long ticks = new DateTime(year, month, day).Ticks;
        if (i == text.Length)
        {
            utcTicks = ticks;
            return true;
        }

        // Thh:mm; a time needs a full date.
        if (i != 10 || text.Length < 16 || text[10] != 'T'
            || !TryDigits(text, 11, 2, out int hour) || text[13] != ':'
            || !TryDigits(text, 14, 2, out int minute)
            || hour > 23 || minute > 59)
        {
            return false;
        }

        ticks += (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute);
        i = 16;

        // :ss[.fraction]
        if (i < text.Length && text[i] == ':')
        {
            if (!TryDigits(text, i + 1, 2, out int second) || second > 59)
            {
                return false;
            }

            ticks += second * TimeSpan.TicksPerSecond;
            i += 3;
            if (i < text.Length && text[i] == '.')
            {
                int start = ++i;
                long fraction = 0;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    // Keep seven digits (one tick = 100 ns); later digits are truncated.
                    if (i - start < 7)
                    {
                        fraction = (fraction * 10) + (text[i] - '0');
                    }

                    i++;
                }

                if (i == start)
                {
                    return false;
                }

                for (int kept = Math.Min(i - start, 7); kept < 7; kept++)
                {
                    fraction *= 10;
                }

                ticks += fraction;
            }
        }

        // TZD: none (UTC), Z, or ±hh:mm.
        long offsetTicks = 0;
        if (i < text.Length)
        {
            char zone = text[i];
            if (zone == 'Z')
            {
                i++;
            }
            else if (zone is '+' or '-')
            {
                if (text.Length - i != 6
                    || !TryDigits(text, i + 1, 2, out int offsetHours) || text[i + 3] != ':'
                    || !TryDigits(text, i + 4, 2, out int offsetMinutes)
                    || offsetHours > 23 || offsetMinutes > 59)
                {
                    return false;
                }

                offsetTicks = (offsetHours * TimeSpan.TicksPerHour) + (offsetMinutes * TimeSpan.TicksPerMinute);
                if (zone == '-')
                {
                    offsetTicks = -offsetTicks;
                }

                i += 6;
            }

            if (i != text.Length)
            {
                return false;
            }
        }

        // Local time minus its offset is UTC.
        long utc = ticks - offsetTicks;
        if (utc < 0 || utc > MaxTicks)
        {
            return false;
        }

        utcTicks = utc;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length)
        {
            return false;
        }

        for (int i = start; i < start + count; i++)
        {
            char c = text[i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
