using System.Buffers.Binary;
using static Engine.Protocol.Tests.Codec.ProtocolTestKit;

namespace Engine.Protocol.Tests.Codec;

public sealed class QueryFrameTests
{
    private static readonly byte[] s_validPrefix = Strings("p", "a", "r");

    [Fact]
    public void The_sample_query_parses_with_single_values_and_arrays_kept_apart()
    {
        QuerySnapshot parsed = ParseQuery(new(SampleQuery(requestId: 3)));

        Assert.Equal(
            new QuerySnapshot(
                3,
                "arn:aws:iam::111122223333:user/alice",
                "iam:CreateVirtualMFADevice",
                "arn:aws:iam::111122223333:mfa/alice",
                "111122223333",
                "aws:username=\"alice\",;aws:TagKeys=[\"team\",\"cost-center\",];aws:CalledVia=[];aws:SourceVpc=[\"vpc-1\",];"),
            parsed);
    }

    [Fact]
    public void Counts_are_exposed()
    {
        byte[] frame = SampleQuery();
        ReadOutcome read = ReadFrame(frame);
        Assert.True(QueryFrame.TryParse(read.Header, read.Body, ProtocolLimits.Default, out QueryFrame query, out _));
        Assert.Equal(4, query.ContextEntryCount);
        Assert.Equal(4, query.ContextValueCount);
    }

    [Fact]
    public void Without_a_resource_account_the_flag_is_clear_and_the_account_empty()
    {
        byte[] frame = EncodeQuery(1, "p", "a", "r", resourceAccount: null, []);
        Assert.Equal(0, frame[7]);
        Assert.Null(ParseQuery(new(frame)).ResourceAccount);
    }

    [Fact]
    public void Every_truncation_of_the_body_is_malformed()
    {
        byte[] body = SampleQuery()[16..];
        for (int length = 0; length < body.Length; length++)
        {
            Assert.Equal(ResponseStatus.Malformed, TryParseQuery(Frame(FrameType.Query, FrameFlags.HasResourceAccount, body[..length])));
        }
    }

    [Fact]
    public void A_trailing_byte_is_malformed()
    {
        byte[] body = [.. SampleQuery()[16..], 0];
        Assert.Equal(ResponseStatus.Malformed, TryParseQuery(Frame(FrameType.Query, FrameFlags.HasResourceAccount, body)));
    }

    [Fact]
    public void A_string_length_pointing_past_the_body_is_malformed()
    {
        byte[] body = [.. s_validPrefix, 0, 0];
        BinaryPrimitives.WriteUInt16LittleEndian(body, 0xFFFF);
        Assert.Equal(ResponseStatus.Malformed, TryParseQuery(Frame(FrameType.Query, FrameFlags.None, body)));
    }

    [Fact]
    public void The_resource_account_flag_without_an_account_is_malformed()
    {
        byte[] body = [.. s_validPrefix, 0, 0];
        Assert.Equal(ResponseStatus.Ok, TryParseQuery(Frame(FrameType.Query, FrameFlags.None, body)));
        Assert.Equal(ResponseStatus.Malformed, TryParseQuery(Frame(FrameType.Query, FrameFlags.HasResourceAccount, body)));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    public void Invalid_utf8_anywhere_is_malformed(byte[] bad)
    {
        byte[] good = "ok"u8.ToArray();
        byte[][] bodies =
        [
            [.. Raw(bad), .. Strings("a", "r"), 0, 0],
            [.. Strings("p", "a"), .. Raw(bad), 0, 0],
            [.. s_validPrefix, .. Raw(bad), 0, 0],
            [.. s_validPrefix, 1, 0, 0, .. Raw(bad), .. Raw(good)],
            [.. s_validPrefix, 1, 0, 0, .. Raw(good), .. Raw(bad)],
            [.. s_validPrefix, 1, 0, 1, .. Raw(good), 2, 0, .. Raw(good), .. Raw(bad)],
        ];
        Assert.Equal(ResponseStatus.Malformed, TryParseQuery(Frame(FrameType.Query, FrameFlags.HasResourceAccount, bodies[2])));
        foreach (byte[] body in bodies)
        {
            Assert.Equal(ResponseStatus.Malformed, TryParseQuery(Frame(FrameType.Query, FrameFlags.None, body)));
        }
    }

    [Fact]
    public void An_empty_context_key_is_malformed()
    {
        byte[] body = [.. s_validPrefix, 1, 0, 0, 0, 0, .. Raw("v"u8.ToArray())];
        Assert.Equal(ResponseStatus.Malformed, TryParseQuery(Frame(FrameType.Query, FrameFlags.None, body)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0xFF)]
    public void An_unknown_entry_kind_is_malformed(byte kind)
    {
        byte[] body = [.. s_validPrefix, 1, 0, kind, .. Raw("k"u8.ToArray()), .. Raw("v"u8.ToArray())];
        Assert.Equal(ResponseStatus.Malformed, TryParseQuery(Frame(FrameType.Query, FrameFlags.None, body)));
    }

    [Fact]
    public void An_array_count_pointing_past_the_body_is_malformed()
    {
        byte[] body = [.. s_validPrefix, 1, 0, 1, .. Raw("k"u8.ToArray()), 3, 0, .. Raw("v"u8.ToArray())];
        Assert.Equal(ResponseStatus.Malformed, TryParseQuery(Frame(FrameType.Query, FrameFlags.None, body)));
    }

    [Fact]
    public void Entries_over_the_limit_are_malformed()
    {
        var limits = new ProtocolLimits(ProtocolConstants.DefaultMaxFrameSize, maxContextEntries: 3, maxContextValues: 100);
        QueryContextEntry entry = QueryContextEntry.SingleValue("k", "v");
        Assert.Equal(ResponseStatus.Ok, TryParseQuery(EncodeQuery(1, "p", "a", "r", null, [entry, entry, entry]), limits));
        Assert.Equal(ResponseStatus.Malformed, TryParseQuery(EncodeQuery(1, "p", "a", "r", null, [entry, entry, entry, entry]), limits));
    }

    [Fact]
    public void Values_over_the_limit_across_entries_are_malformed()
    {
        var limits = new ProtocolLimits(ProtocolConstants.DefaultMaxFrameSize, maxContextEntries: 100, maxContextValues: 3);
        QueryContextEntry single = QueryContextEntry.SingleValue("k", "v");
        QueryContextEntry pair = QueryContextEntry.Multivalued("m", "1", "2");
        Assert.Equal(ResponseStatus.Ok, TryParseQuery(EncodeQuery(1, "p", "a", "r", null, [single, pair]), limits));
        Assert.Equal(ResponseStatus.Malformed, TryParseQuery(EncodeQuery(1, "p", "a", "r", null, [pair, pair]), limits));
    }

    [Fact]
    public void A_huge_array_count_is_refused_before_its_values_are_walked()
    {
        byte[] body = [.. s_validPrefix, 1, 0, 1, .. Raw("k"u8.ToArray()), 0xFF, 0xFF];
        Assert.Equal(ResponseStatus.Malformed, TryParseQuery(Frame(FrameType.Query, FrameFlags.None, body)));
    }

    [Fact]
    public void A_header_that_is_not_a_query_is_refused()
    {
        byte[] frame = SampleQuery();
        ReadOutcome read = ReadFrame(frame);
        FrameHeader notQuery = read.Header with { Type = FrameType.Ping };
        Assert.False(QueryFrame.TryParse(notQuery, read.Body, ProtocolLimits.Default, out _, out ResponseStatus error));
        Assert.Equal(ResponseStatus.Malformed, error);
    }

    internal static byte[] Frame(FrameType type, FrameFlags flags, byte[] body, ulong requestId = 1)
    {
        byte[] frame = new byte[16 + body.Length];
        FrameHeader.Write(frame, type, flags, requestId, body.Length);
        body.CopyTo(frame, 16);
        return frame;
    }

    private static byte[] Raw(byte[] utf8)
    {
        byte[] field = new byte[2 + utf8.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(field, (ushort)utf8.Length);
        utf8.CopyTo(field, 2);
        return field;
    }

    private static byte[] Strings(params string[] texts) =>
        [.. texts.SelectMany(t => Raw(System.Text.Encoding.UTF8.GetBytes(t)))];
}
