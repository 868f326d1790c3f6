using System.Buffers;

namespace Engine.Protocol.Tests.Codec;

/// <summary>The Hello frame and the Unauthorized status of docs/wire-protocol.md §10 (issue #14 finding 7).</summary>
public sealed class HelloFrameTests
{
    // Copied from docs/wire-protocol.md §10; if one changes, both must.
    private static readonly byte[] s_documentedHello = Convert.FromHexString(
        "1e000000ae01070001000000000000001000" + "30313233343536373839616263646566");

    [Fact]
    public void A_Hello_encodes_as_documented_and_the_reader_delimits_it()
    {
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteHello(output, 1, "0123456789abcdef"u8);
        Assert.Equal(s_documentedHello, output.WrittenSpan.ToArray());

        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(s_documentedHello));
        byte[] scratch = new byte[ProtocolLimits.Default.MaxFrameSize];
        FrameReadResult result = FrameReader.TryReadFrame(ref reader, ProtocolLimits.Default, scratch, out FrameHeader header, out ReadOnlySpan<byte> body);
        Assert.Equal(FrameReadResult.Frame, result);
        Assert.Equal((FrameType.Hello, 1UL, 18), (header.Type, header.RequestId, body.Length));
    }

    [Fact]
    public void A_Hello_without_room_for_its_token_length_or_with_a_flag_is_malformed()
    {
        byte[] scratch = new byte[ProtocolLimits.Default.MaxFrameSize];
        foreach (byte[] frame in (byte[][])[Frame(FrameFlags.None, []), Frame(FrameFlags.None, [1]), Frame((FrameFlags)0x01, [0, 0])])
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(frame));
            FrameReadResult result = FrameReader.TryReadFrame(ref reader, ProtocolLimits.Default, scratch, out _, out _);
            Assert.Equal(FrameReadResult.Invalid(ResponseStatus.Malformed, closeConnection: false), result);
        }
    }

    [Fact]
    public void A_token_over_the_limit_is_refused_before_anything_is_written()
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => FrameWriter.WriteHello(output, 1, new byte[ProtocolConstants.MaxTokenLength + 1]));
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Unauthorized_travels_in_an_Error_frame_and_has_its_own_counter()
    {
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.WriteError(output, 0, ResponseStatus.Unauthorized, closing: true, "wrong auth token"u8);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(output.WrittenMemory));
        Assert.True(ResponseReader.TryReadResponse(ref reader, ProtocolLimits.Default, out ServerResponse? response));
        Assert.Equal(new ErrorResponse(0, ResponseStatus.Unauthorized, true, "wrong auth token"), response);

        Assert.Equal(StatsCounter.ErrorsUnauthorized, StatsCounters.ForError(ResponseStatus.Unauthorized));
        Assert.Equal(StatsCounter.ErrorsNotReady, StatsCounters.ForError(ResponseStatus.NotReady));
        Assert.Equal(22, StatsCounters.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => StatsCounters.ForError((ResponseStatus)10));
    }

    private static byte[] Frame(FrameFlags flags, byte[] body)
    {
        byte[] frame = new byte[ProtocolConstants.HeaderSize + body.Length];
        FrameHeader.Write(frame, FrameType.Hello, flags, 1, body.Length);
        body.CopyTo(frame.AsSpan(ProtocolConstants.HeaderSize));
        return frame;
    }
}
