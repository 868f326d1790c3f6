using System.Buffers;
using Engine.Runtime.Evaluation;
using static Engine.Protocol.Tests.Codec.ProtocolTestKit;

namespace Engine.Protocol.Tests.Codec;

// The hex below is copied from docs/wire-protocol.md §8; if one changes, both must.
public sealed class WireExampleTests
{
    private const string QueryHex = """
        8e 00 00 00
        ae 01 01 01
        01 00 00 00 00 00 00 00
        24 00 61 72 6e 3a 61 77 73 3a 69 61 6d 3a 3a 31 31 31 31 32 32 32 32 33 33 33 33 3a 75 73 65 72 2f 61 6c 69 63 65
        0c 00 73 33 3a 47 65 74 4f 62 6a 65 63 74
        10 00 61 72 6e 3a 61 77 73 3a 73 33 3a 3a 3a 62 2f 6b
        0c 00 31 31 31 31 32 32 32 32 33 33 33 33
        02 00
        00 0c 00 61 77 73 3a 75 73 65 72 6e 61 6d 65 05 00 61 6c 69 63 65
        01 0b 00 61 77 73 3a 54 61 67 4b 65 79 73 01 00 04 00 74 65 61 6d
        """;

    private const string DecisionHex = """
        2a 00 00 00 ae 01 02 00 01 00 00 00 00 00 00 00
        00 01
        03 00 00 00 00 00 01 00 00 00
        07 00 00 00 00 00 00 00
        08 00 41 6c 6c 6f 77 47 65 74
        """;

    private const string PingHex = "0c 00 00 00 ae 01 03 00 02 00 00 00 00 00 00 00";

    private const string PongHex = "14 00 00 00 ae 01 04 00 02 00 00 00 00 00 00 00 07 00 00 00 00 00 00 00";

    private const string StatsRequestHex = "0c 00 00 00 ae 01 05 00 03 00 00 00 00 00 00 00";

    private const string StatsHex = """
        8e 00 00 00 ae 01 06 00 03 00 00 00 00 00 00 00
        10 00
        e8 03 00 00 00 00 00 00  0a 00 00 00 00 00 00 00  d4 03 00 00 00 00 00 00  05 00 00 00 00 00 00 00
        00 00 00 00 00 00 00 00  03 00 00 00 00 00 00 00  01 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
        00 00 00 00 00 00 00 00  01 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  01 00 00 00 00 00 00 00
        02 00 00 00 00 00 00 00  09 00 00 00 00 00 00 00  07 00 00 00 00 00 00 00  40 e2 01 00 00 00 00 00
        """;

    private const string ErrorHex = """
        1e 00 00 00 ae 01 7f 02 88 77 66 55 44 33 22 11
        03 0f 00 66 72 61 6d 65 20 74 6f 6f 20 6c 61 72 67 65
        """;

    private static readonly ulong[] s_statsCounters = [1000, 10, 980, 5, 0, 3, 1, 0, 0, 1, 0, 1, 2, 9, 7, 123_456];

    [Fact]
    public void The_query_example_decodes_as_documented()
    {
        QuerySnapshot parsed = ParseQuery(new ReadOnlySequence<byte>(FromHex(QueryHex)));

        Assert.Equal(
            new QuerySnapshot(
                1,
                "arn:aws:iam::111122223333:user/alice",
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                "111122223333",
                "aws:username=\"alice\",;aws:TagKeys=[\"team\",];"),
            parsed);
    }

    [Fact]
    public void The_query_example_encodes_to_the_documented_bytes()
    {
        byte[] encoded = EncodeQuery(
            1,
            "arn:aws:iam::111122223333:user/alice",
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            "111122223333",
            [QueryContextEntry.SingleValue("aws:username", "alice"), QueryContextEntry.Multivalued("aws:TagKeys", "team")]);

        Assert.Equal(FromHex(QueryHex), encoded);
    }

    [Fact]
    public void The_decision_example_round_trips()
    {
        var statement = new DecidingStatement(PolicyKind.Identity, 0, 0, 1);
        Assert.Equal(
            new DecisionResponse(1, ResponseStatus.Ok, Decision.Allow, statement, "AllowGet", 7),
            ReadResponse(FromHex(DecisionHex)));

        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteDecision(output, 1, ResponseStatus.Ok, Decision.Allow, statement, 7, "AllowGet"u8);
        Assert.Equal(FromHex(DecisionHex), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void The_ping_and_pong_examples_round_trip()
    {
        ReadOutcome ping = ReadFrame(FromHex(PingHex));
        Assert.Equal(FrameReadResult.Frame, ping.Result);
        Assert.Equal(new FrameHeader(1, FrameType.Ping, FrameFlags.None, 2, 0), ping.Header);
        Assert.Equal(new PongResponse(2, 7), ReadResponse(FromHex(PongHex)));

        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WritePing(output, 2);
        FrameWriter.WritePong(output, 2, 7);
        Assert.Equal([.. FromHex(PingHex), .. FromHex(PongHex)], output.WrittenSpan.ToArray());
    }

    [Fact]
    public void The_stats_examples_round_trip()
    {
        ReadOutcome request = ReadFrame(FromHex(StatsRequestHex));
        Assert.Equal(new FrameHeader(1, FrameType.StatsRequest, FrameFlags.None, 3, 0), request.Header);

        var stats = Assert.IsType<StatsResponse>(ReadResponse(FromHex(StatsHex)));
        Assert.Equal(3UL, stats.RequestId);
        Assert.Equal(s_statsCounters, stats.Counters);
        Assert.Equal(980UL, stats.Get(StatsCounter.DecisionsAllow));
        Assert.Equal(1UL, stats.Get(StatsCounters.ForError(ResponseStatus.NotReady)));
        Assert.Equal(123_456UL, stats.Get(StatsCounter.AllocatedBytes));

        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteStatsRequest(output, 3);
        FrameWriter.WriteStats(output, 3, s_statsCounters);
        Assert.Equal([.. FromHex(StatsRequestHex), .. FromHex(StatsHex)], output.WrittenSpan.ToArray());
    }

    [Fact]
    public void The_error_example_round_trips()
    {
        Assert.Equal(
            new ErrorResponse(0x1122334455667788, ResponseStatus.TooLarge, Closing: true, "frame too large"),
            ReadResponse(FromHex(ErrorHex)));

        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteError(output, 0x1122334455667788, ResponseStatus.TooLarge, closing: true, "frame too large"u8);
        Assert.Equal(FromHex(ErrorHex), output.WrittenSpan.ToArray());
    }
}
