using System.Buffers;
using Engine.Runtime.Evaluation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Engine.Protocol.Tests.Codec.ProtocolTestKit;

namespace Engine.Protocol.Tests.Codec;

public sealed class RoundTripTests
{
    [Property(Arbitrary = [typeof(QueryGenerators)], MaxTest = 300)]
    public Property Generated_queries_read_back_as_written(GeneratedQuery query)
    {
        byte[] frame = query.Encode();
        QuerySnapshot whole = ParseQuery(new ReadOnlySequence<byte>(frame));
        QuerySnapshot split = ParseQuery(SegmentedSequence.Create(frame, frame.Length / 3, frame.Length / 2));
        return (whole == query.Expected() && split == whole)
            .Label($"whole={whole} split={split}")
            .Classify(query.Context.Any(e => e.IsMultivalued && e.Values.Count == 1), "has a one-element array")
            .Classify(query.Context.Any(e => e.IsMultivalued && e.Values.Count == 0), "has an empty array")
            .Classify(query.Principal.Length == 0, "empty principal");
    }

    [Fact]
    public void A_one_element_array_and_a_single_value_differ_on_the_wire_and_after_parsing()
    {
        byte[] single = EncodeQuery(1, "p", "a", "r", null, [QueryContextEntry.SingleValue("k", "v")]);
        byte[] array = EncodeQuery(1, "p", "a", "r", null, [QueryContextEntry.Multivalued("k", "v")]);

        Assert.NotEqual(single, array);
        Assert.NotEqual(ParseQuery(new(single)), ParseQuery(new(array)));
    }

    [Fact]
    public void A_lone_surrogate_in_a_query_is_refused_rather_than_mended()
    {
        Assert.ThrowsAny<ArgumentException>(() => EncodeQuery(1, "p\ud800", "a", "r", null, []));
    }

    [Fact]
    public void Decisions_read_back_as_written()
    {
        var statement = new DecidingStatement(PolicyKind.Scp, 2, 1, 7);
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteDecision(output, 11, ResponseStatus.Ok, Decision.ExplicitDeny, statement, 99, "DenyOutsideEu: é".AsSpan());

        var response = Assert.IsType<DecisionResponse>(ReadResponse(output.WrittenSpan.ToArray()));

        Assert.Equal(new DecisionResponse(11, ResponseStatus.Ok, Decision.ExplicitDeny, statement, "DenyOutsideEu: é", 99), response);
    }

    [Fact]
    public void A_statement_ref_with_a_null_sid_is_written_with_an_empty_sid()
    {
        var statement = new StatementRef(PolicyKind.Identity, 0, 3, 4, null, null, Effect.Allow);
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteDecision(output, 1, ResponseStatus.Ok, Decision.Allow, statement, 5);

        var response = Assert.IsType<DecisionResponse>(ReadResponse(output.WrittenSpan.ToArray()));

        Assert.Equal(new DecidingStatement(PolicyKind.Identity, 0, 3, 4), response.Statement);
        Assert.Equal(string.Empty, response.Sid);
    }

    [Theory]
    [InlineData(ResponseStatus.UnknownPrincipal)]
    [InlineData(ResponseStatus.Malformed)]
    [InlineData(ResponseStatus.Overloaded)]
    [InlineData(ResponseStatus.InternalError)]
    [InlineData(ResponseStatus.NotReady)]
    public void A_failed_status_is_always_written_as_implicit_deny_without_a_statement(ResponseStatus status)
    {
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteDecision(output, 3, status, Decision.Allow, new DecidingStatement(PolicyKind.Identity, 0, 0, 0), 1, "Sid".AsSpan());

        var response = Assert.IsType<DecisionResponse>(ReadResponse(output.WrittenSpan.ToArray()));

        Assert.Equal(new DecisionResponse(3, status, Decision.ImplicitDeny, null, string.Empty, 1), response);
    }

    [Fact]
    public void An_undefined_decision_is_written_as_an_internal_error()
    {
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteDecision(output, 3, ResponseStatus.Ok, (Decision)7, null, 1, ReadOnlySpan<byte>.Empty);

        var response = Assert.IsType<DecisionResponse>(ReadResponse(output.WrittenSpan.ToArray()));

        Assert.Equal(ResponseStatus.InternalError, response.Status);
        Assert.Equal(Decision.ImplicitDeny, response.Decision);
    }

    [Fact]
    public void A_client_refuses_a_failed_status_that_claims_allow()
    {
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteDecision(output, 3, ResponseStatus.Ok, Decision.Allow, null, 1, ReadOnlySpan<byte>.Empty);
        byte[] frame = output.WrittenSpan.ToArray();
        frame[16] = (byte)ResponseStatus.Overloaded;

        Assert.Throws<InvalidDataException>(() => ReadResponse(frame));
    }

    [Fact]
    public void Pong_stats_and_error_read_back_as_written()
    {
        var output = new ArrayBufferWriter<byte>();
        ulong[] counters = [.. Enumerable.Range(0, StatsCounters.Count).Select(i => (ulong)i * 1000)];
        FrameWriter.WritePong(output, 1, 42);
        FrameWriter.WriteStats(output, 2, counters);
        FrameWriter.WriteError(output, 3, ResponseStatus.UnsupportedFrameType, closing: false, "unsupported frame type"u8);
        FrameWriter.WriteError(output, 0, ResponseStatus.TooLarge, closing: true, "frame too large".AsSpan());

        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(output.WrittenMemory));
        var responses = new List<ServerResponse>();
        while (ResponseReader.TryReadResponse(ref reader, ProtocolLimits.Default, out ServerResponse? response))
        {
            responses.Add(response!);
        }

        Assert.Equal(new PongResponse(1, 42), responses[0]);
        var stats = Assert.IsType<StatsResponse>(responses[1]);
        Assert.Equal(counters, stats.Counters);
        Assert.Equal(15_000UL, stats.Get(StatsCounter.AllocatedBytes));
        Assert.Null(stats.Get((StatsCounter)99));
        Assert.Equal(new ErrorResponse(3, ResponseStatus.UnsupportedFrameType, false, "unsupported frame type"), responses[2]);
        Assert.Equal(new ErrorResponse(0, ResponseStatus.TooLarge, true, "frame too large"), responses[3]);
        Assert.Equal(4, responses.Count);
    }

    [Fact]
    public void Ping_and_stats_requests_are_empty_frames()
    {
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WritePing(output, 5);
        ReadOutcome read = ReadFrame(output.WrittenSpan.ToArray());

        Assert.Equal(FrameReadResult.Frame, read.Result);
        Assert.Equal(new FrameHeader(1, FrameType.Ping, FrameFlags.None, 5, 0), read.Header);
    }

    [Fact]
    public void Error_counters_follow_the_status_order()
    {
        Assert.Equal(StatsCounter.ErrorsUnknownPrincipal, StatsCounters.ForError(ResponseStatus.UnknownPrincipal));
        Assert.Equal(StatsCounter.ErrorsNotReady, StatsCounters.ForError(ResponseStatus.NotReady));
        Assert.Throws<ArgumentOutOfRangeException>(() => StatsCounters.ForError(ResponseStatus.Ok));
    }
}
