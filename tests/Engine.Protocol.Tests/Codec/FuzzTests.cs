using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Engine.Protocol.Tests.Codec.ProtocolTestKit;

namespace Engine.Protocol.Tests.Codec;

// Hostile input: whatever arrives, the reader answers NeedMoreData, Frame or Invalid and never
// throws, and a query body it accepts is one the parser has fully validated.
public sealed class FuzzTests
{
    private static readonly Gen<byte[]> s_bytes =
        Gen.Choose(0, 300).SelectMany(n => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n));

    [Property(MaxTest = 500)]
    public Property Random_bytes_are_invalid_or_need_more_data() =>
        Prop.ForAll(s_bytes.Where(b => b.Length < 5 || b[4] != ProtocolConstants.Magic).ToArbitrary(), bytes =>
        {
            FrameReadOutcome whole = ReadFrame(bytes).Result.Outcome;
            FrameReadOutcome split = ReadFrame(SegmentedSequence.Create(bytes, bytes.Length / 2)).Result.Outcome;
            return whole != FrameReadOutcome.Frame && split == whole;
        });

    [Property(MaxTest = 500)]
    public Property A_valid_header_with_a_random_body_never_throws() =>
        Prop.ForAll(s_bytes.ToArbitrary(), Gen.Elements(FrameFlags.None, FrameFlags.HasResourceAccount).ToArbitrary(), (body, flags) =>
        {
            byte[] frame = QueryFrameTests.Frame(FrameType.Query, flags, body);
            ResponseStatus status = TryParseQuery(frame);
            return status is ResponseStatus.Ok or ResponseStatus.Malformed;
        });

    [Property(MaxTest = 1000)]
    public Property Any_single_byte_change_to_a_query_never_throws() =>
        Prop.ForAll(Gen.Choose(0, SampleQuery().Length - 1).ToArbitrary(), Gen.Choose(0, 255).ToArbitrary(), (position, value) =>
        {
            byte[] frame = SampleQuery();
            frame[position] = (byte)value;
            ReadOutcome read = ReadFrame(SegmentedSequence.Create(frame, position));
            if (read.Result.Outcome == FrameReadOutcome.Frame && read.Header.Type == FrameType.Query)
            {
                bool parsed = QueryFrame.TryParse(read.Header, read.Body, ProtocolLimits.Default, out QueryFrame query, out _);
                if (parsed)
                {
                    // Walking an accepted view must be safe too.
                    _ = QuerySnapshot.Of(query);
                }
            }

            return true;
        });

    [Fact]
    public void A_stream_of_random_bytes_stops_at_the_first_invalid_frame_without_looping()
    {
        var random = new Random(20_240_601);
        byte[] scratch = new byte[ProtocolLimits.Default.MaxFrameSize];
        for (int round = 0; round < 200; round++)
        {
            byte[] bytes = new byte[random.Next(0, 2_000)];
            random.NextBytes(bytes);
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            int frames = 0;
            while (true)
            {
                FrameReadResult result = FrameReader.TryReadFrame(ref reader, ProtocolLimits.Default, scratch, out _, out _);
                if (result.Outcome == FrameReadOutcome.NeedMoreData || result.CloseConnection)
                {
                    break;
                }

                Assert.True(++frames < bytes.Length, "reader made no progress");
            }
        }
    }
}
