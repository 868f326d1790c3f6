using Engine.Runtime.Conditions;

namespace Engine.Runtime.Tests.Conditions;

public sealed class DateValueTests
{
    private static long Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) =>
        new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc).Ticks;

    public static TheoryData<string, long> Valid => new()
    {
        { "0", Utc(1970, 1, 1) },
        { "-0", Utc(1970, 1, 1) },
        { "1700000000", Utc(2023, 11, 14, 22, 13, 20) },
        { "-86400", Utc(1969, 12, 31) },
        { "0001700000000", Utc(2023, 11, 14, 22, 13, 20) },
        { "2024", Utc(1970, 1, 1, 0, 33, 44) },
        { "2024-02", Utc(2024, 2, 1) },
        { "2024-02-29", Utc(2024, 2, 29) },
        { "2000-02-29", Utc(2000, 2, 29) },
        { "2023-11-14T22:13", Utc(2023, 11, 14, 22, 13) },
        { "2023-11-14T22:13:20Z", Utc(2023, 11, 14, 22, 13, 20) },
        { "2023-11-14T22:13:20", Utc(2023, 11, 14, 22, 13, 20) },
        { "2023-11-15T00:13:20+02:00", Utc(2023, 11, 14, 22, 13, 20) },
        { "2023-11-14T17:43:20-04:30", Utc(2023, 11, 14, 22, 13, 20) },
        { "2023-11-14T22:13Z", Utc(2023, 11, 14, 22, 13) },
        { "2023-11-14T22:13:20.5Z", Utc(2023, 11, 14, 22, 13, 20) + 5_000_000 },
        { "2023-11-14T22:13:20.123456789Z", Utc(2023, 11, 14, 22, 13, 20) + 1_234_567 },
        { "0001-01-01", 0 },
        { "9999-12-31T23:59:59.9999999Z", DateTime.MaxValue.Ticks },
        { "253402300799", Utc(9999, 12, 31, 23, 59, 59) },
        { "-62135596800", 0 },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses(string text, long expected)
    {
        Assert.True(DateValue.TryParse(text, out long ticks));
        Assert.Equal(expected, ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("253402300800")]
    [InlineData("-62135596801")]
    [InlineData("99999999999999999999999")]
    [InlineData("2023-02-29")]
    [InlineData("1900-02-29")]
    [InlineData("2024-04-31")]
    [InlineData("2024-13")]
    [InlineData("2024-00")]
    [InlineData("2024-01-00")]
    [InlineData("0000-01-01")]
    [InlineData("2024-1-01")]
    [InlineData("2024-01-01T24:00")]
    [InlineData("2024-01-01T23:60")]
    [InlineData("2024-01-01T23:59:60Z")]
    [InlineData("2024-01-01T23")]
    [InlineData("2024-01-01T23:59:")]
    [InlineData("2024-01-01T23:59:59.")]
    [InlineData("2024-01-01T23:59:59.Z")]
    [InlineData("2024-01-01Z")]
    [InlineData("2024-01Z")]
    [InlineData("2024-01-01 10:00")]
    [InlineData("2024-01-01t10:00")]
    [InlineData("2024-01-01T10:00z")]
    [InlineData("2024-01-01T10:00+0100")]
    [InlineData("2024-01-01T10:00+01")]
    [InlineData("2024-01-01T10:00+24:00")]
    [InlineData("2024-01-01T10:00+01:60")]
    [InlineData("2024-01-01T10:00Z ")]
    [InlineData("0001-01-01T00:00+00:01")]
    [InlineData("9999-12-31T23:59-00:01")]
    [InlineData("+100")]
    [InlineData("1.5")]
    [InlineData("Mon, 01 Jan 2024")]
    public void Rejects(string text) => Assert.False(DateValue.TryParse(text, out _));

    [Fact]
    public void Epoch_and_iso_forms_name_the_same_instants()
    {
        var random = new Random(20240229);
        for (int i = 0; i < 2000; i++)
        {
            long seconds = random.NextInt64(-62135596800, 253402300799);
            DateTimeOffset instant = DateTimeOffset.FromUnixTimeSeconds(seconds);
            Assert.True(DateValue.TryParse(seconds.ToString(), out long fromEpoch));
            Assert.True(DateValue.TryParse(instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), out long fromIso));
            Assert.Equal(fromEpoch, fromIso);
            Assert.Equal(instant.UtcTicks, fromIso);
        }
    }
}
