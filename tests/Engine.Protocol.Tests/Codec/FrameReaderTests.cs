using System.Buffers;
using System.Buffers.Binary;
using static Engine.Protocol.Tests.Codec.ProtocolTestKit;

namespace Engine.Protocol.Tests.Codec;

public sealed class FrameReaderTests
{
    [Fact]
    public void A_whole_frame_in_one_segment_is_read_and_consumed()
    {
        byte[] frame = SampleQuery(requestId: 7);

        ReadOutcome read = ReadFrame(frame);

        Assert.Equal(FrameReadResult.Frame, read.Result);
        Assert.Equal(frame.Length, read.Consumed);
        Assert.Equal(new FrameHeader(1, FrameType.Query, FrameFlags.HasResourceAccount, 7, frame.Length - 16), read.Header);
        Assert.Equal(frame[16..], read.Body);
    }

    [Fact]
    public void Every_truncation_needs_more_data_and_consumes_nothing()
    {
        byte[] frame = SampleQuery();
        for (int length = 0; length < frame.Length; length++)
        {
            ReadOutcome read = ReadFrame(frame[..length]);
            Assert.Equal(FrameReadResult.NeedMoreData, read.Result);
            Assert.Equal(0, read.Consumed);
        }
    }

    [Fact]
    public void Every_truncation_across_two_segments_needs_more_data()
    {
        byte[] frame = SampleQuery();
        for (int length = 1; length < frame.Length; length++)
        {
            for (int split = 0; split <= length; split += 7)
            {
                ReadOutcome read = ReadFrame(SegmentedSequence.Create(frame[..length], split));
                Assert.Equal(FrameReadResult.NeedMoreData, read.Result);
                Assert.Equal(0, read.Consumed);
            }
        }
    }

    [Fact]
    public void Every_split_point_across_two_segments_gives_the_same_parse()
    {
        byte[] frame = SampleQuery();
        QuerySnapshot expected = ParseQuery(new ReadOnlySequence<byte>(frame));
        for (int split = 0; split <= frame.Length; split++)
        {
            Assert.Equal(expected, ParseQuery(SegmentedSequence.Create(frame, split)));
        }
    }

    [Fact]
    public void Every_pair_of_split_points_across_three_segments_gives_the_same_parse()
    {
        byte[] frame = SampleQuery();
        QuerySnapshot expected = ParseQuery(new ReadOnlySequence<byte>(frame));
        for (int first = 0; first <= frame.Length; first++)
        {
            for (int second = first; second <= frame.Length; second++)
            {
                Assert.Equal(expected, ParseQuery(SegmentedSequence.Create(frame, first, second)));
            }
        }
    }

    [Fact]
    public void Pipelined_frames_are_read_one_after_another()
    {
        byte[] stream = [.. SampleQuery(1), .. SampleQuery(2), .. SampleQuery(3)];
        var reader = new SequenceReader<byte>(SegmentedSequence.Create(stream, 5, 100, 101));
        byte[] scratch = new byte[ProtocolLimits.Default.MaxFrameSize];
        for (ulong expectedId = 1; expectedId <= 3; expectedId++)
        {
            FrameReadResult result = FrameReader.TryReadFrame(ref reader, ProtocolLimits.Default, scratch, out FrameHeader header, out _);
            Assert.Equal(FrameReadResult.Frame, result);
            Assert.Equal(expectedId, header.RequestId);
        }

        Assert.Equal(FrameReadResult.NeedMoreData, FrameReader.TryReadFrame(ref reader, ProtocolLimits.Default, scratch, out _, out _));
    }

    [Theory]
    [InlineData(65_536, true)]
    [InlineData(65_537, false)]
    public void The_frame_size_limit_counts_the_whole_frame(int frameSize, bool accepted)
    {
        byte[] frame = new byte[16];
        FrameHeader.Write(frame, FrameType.Query, FrameFlags.None, requestId: 9, bodyLength: frameSize - 16);

        ReadOutcome read = ReadFrame(frame);

        // Accepted sizes wait for their body; an oversize one is refused at the header.
        Assert.Equal(accepted ? FrameReadResult.NeedMoreData : FrameReadResult.Invalid(ResponseStatus.TooLarge, closeConnection: true), read.Result);
        if (!accepted)
        {
            Assert.Equal(9UL, read.Header.RequestId);
        }
    }

    [Fact]
    public void A_length_over_the_int_range_is_too_large_and_closes()
    {
        byte[] frame = SampleQuery();
        BinaryPrimitives.WriteUInt32LittleEndian(frame, uint.MaxValue);

        Assert.Equal(FrameReadResult.Invalid(ResponseStatus.TooLarge, closeConnection: true), ReadFrame(frame).Result);
        Assert.Equal(FrameReadResult.Invalid(ResponseStatus.TooLarge, closeConnection: true), ReadFrame(SegmentedSequence.Create(frame, 3)).Result);
    }

    [Fact]
    public void Default_limits_reject_every_frame_rather_than_accept_any_length()
    {
        Assert.Equal(FrameReadResult.Invalid(ResponseStatus.TooLarge, closeConnection: true), ReadFrame(SampleQuery(), default(ProtocolLimits)).Result);
    }

    [Fact]
    public void A_length_shorter_than_the_header_is_malformed_and_closes()
    {
        byte[] frame = SampleQuery();
        BinaryPrimitives.WriteUInt32LittleEndian(frame, 11);

        Assert.Equal(FrameReadResult.Invalid(ResponseStatus.Malformed, closeConnection: true), ReadFrame(frame).Result);
    }

    [Fact]
    public void A_wrong_magic_byte_is_malformed_closes_and_echoes_no_request_id()
    {
        byte[] frame = SampleQuery(requestId: 77);
        frame[4] = (byte)'G';

        ReadOutcome read = ReadFrame(frame);

        Assert.Equal(FrameReadResult.Invalid(ResponseStatus.Malformed, closeConnection: true), read.Result);
        Assert.Equal(0UL, read.Header.RequestId);
    }

    [Fact]
    public void An_unknown_version_is_skipped_whole_and_keeps_the_connection()
    {
        byte[] frame = SampleQuery(requestId: 5);
        frame[5] = 2;

        foreach (ReadOnlySequence<byte> sequence in new[] { new ReadOnlySequence<byte>(frame), SegmentedSequence.Create(frame, 20) })
        {
            ReadOutcome read = ReadFrame(sequence);
            Assert.Equal(FrameReadResult.Invalid(ResponseStatus.UnsupportedVersion, closeConnection: false), read.Result);
            Assert.Equal(frame.Length, read.Consumed);
            Assert.Equal(5UL, read.Header.RequestId);
        }

        // It still waits for the whole frame, so the stream stays delimited.
        Assert.Equal(FrameReadResult.NeedMoreData, ReadFrame(frame[..^1]).Result);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x08)]
    [InlineData(0x7E)]
    [InlineData(0xFF)]
    public void An_unknown_frame_type_is_skipped_whole_and_keeps_the_connection(byte type)
    {
        byte[] frame = SampleQuery();
        frame[6] = type;

        ReadOutcome read = ReadFrame(frame);

        Assert.Equal(FrameReadResult.Invalid(ResponseStatus.UnsupportedFrameType, closeConnection: false), read.Result);
        Assert.Equal(frame.Length, read.Consumed);
    }

    [Theory]
    [InlineData(FrameType.Query, (byte)FrameFlags.Closing)]
    [InlineData(FrameType.Query, 0x80)]
    [InlineData(FrameType.Ping, (byte)FrameFlags.HasResourceAccount)]
    [InlineData(FrameType.Decision, (byte)FrameFlags.Closing)]
    public void A_flag_not_defined_for_the_type_is_malformed_and_keeps_the_connection(FrameType type, byte flags)
    {
        byte[] frame = SampleQuery();
        frame[6] = (byte)type;
        frame[7] = flags;

        ReadOutcome read = ReadFrame(frame);

        Assert.Equal(FrameReadResult.Invalid(ResponseStatus.Malformed, closeConnection: false), read.Result);
        Assert.Equal(frame.Length, read.Consumed);
    }

    [Fact]
    public void A_ping_with_a_body_is_malformed()
    {
        byte[] frame = new byte[17];
        FrameHeader.Write(frame, FrameType.Ping, FrameFlags.None, 1, bodyLength: 1);

        Assert.Equal(FrameReadResult.Invalid(ResponseStatus.Malformed, closeConnection: false), ReadFrame(frame).Result);
    }

    [Fact]
    public void A_scratch_buffer_too_small_for_a_split_frame_is_a_caller_bug()
    {
        byte[] frame = SampleQuery();
        var reader = new SequenceReader<byte>(SegmentedSequence.Create(frame, 20));
        bool threw = false;
        try
        {
            FrameReader.TryReadFrame(ref reader, ProtocolLimits.Default, new byte[8], out _, out _);
        }
        catch (ArgumentException)
        {
            threw = true;
        }

        Assert.True(threw);
    }
}
