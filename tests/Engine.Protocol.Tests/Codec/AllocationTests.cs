using System.Buffers;
using Engine.Runtime.Evaluation;
using Engine.Testing;
using static Engine.Protocol.Tests.Codec.ProtocolTestKit;

namespace Engine.Protocol.Tests.Codec;

// Allocation is counted per thread, so other tests running in parallel do not disturb the figure;
// Allocations.OfWarm waits for tiered compilation to settle first.
public sealed class AllocationTests
{
    private const int Iterations = 10_000;

    [Fact]
    public void Reading_and_walking_ten_thousand_single_segment_queries_allocates_nothing()
    {
        var sequence = new ReadOnlySequence<byte>(SampleQuery());
        AssertAllocatesNothing(sequence);
    }

    [Fact]
    public void Reading_and_walking_ten_thousand_split_queries_allocates_nothing()
    {
        byte[] frame = SampleQuery();
        AssertAllocatesNothing(SegmentedSequence.Create(frame, 10, frame.Length / 2));
    }

    [Fact]
    public void Writing_ten_thousand_decisions_allocates_nothing()
    {
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        var statement = new StatementRef(PolicyKind.Identity, 0, 2, 5, "AllowMfaSelfService", null, Effect.Allow);
        var deciding = DecidingStatement.From(statement);
        byte[] sidUtf8 = "DenyWithoutMfa"u8.ToArray();
        ulong[] counters = new ulong[StatsCounters.Count];

        void WriteAll(int round)
        {
            output.ResetWrittenCount();
            FrameWriter.WriteDecision(output, (ulong)round, ResponseStatus.Ok, Decision.Allow, statement, 17);
            FrameWriter.WriteDecision(output, (ulong)round, ResponseStatus.Ok, Decision.ExplicitDeny, deciding, 17, sidUtf8);
            FrameWriter.WriteDecision(output, (ulong)round, ResponseStatus.Ok, Decision.ExplicitDeny, deciding, 17, "Sid".AsSpan());
            FrameWriter.WriteDecision(output, (ulong)round, ResponseStatus.Malformed, Decision.ImplicitDeny, null, 17);
            FrameWriter.WritePong(output, (ulong)round, 17);
            FrameWriter.WriteStats(output, (ulong)round, counters);
            FrameWriter.WriteError(output, (ulong)round, ResponseStatus.TooLarge, closing: true, "frame too large"u8);
        }

        int round = 0;
        Assert.Equal(0, Allocations.OfWarm(() => WriteAll(round++), Iterations));
    }

    private static void AssertAllocatesNothing(ReadOnlySequence<byte> sequence)
    {
        byte[] scratch = new byte[ProtocolLimits.Default.MaxFrameSize];
        int expected = ReadAndWalk(sequence, scratch);
        Assert.True(expected > 0);

        int mismatches = 0;

        // Checked on every call so the walk cannot be optimised away.
        long allocated = Allocations.OfWarm(() => mismatches += ReadAndWalk(sequence, scratch) == expected ? 0 : 1, Iterations);

        Assert.Equal(0, mismatches);
        Assert.Equal(0, allocated);
    }

    // What a server does per query: delimit, validate, then read every field.
    private static int ReadAndWalk(ReadOnlySequence<byte> sequence, byte[] scratch)
    {
        var reader = new SequenceReader<byte>(sequence);
        FrameReadResult result = FrameReader.TryReadFrame(ref reader, ProtocolLimits.Default, scratch, out FrameHeader header, out ReadOnlySpan<byte> body);
        if (result.Outcome != FrameReadOutcome.Frame
            || !QueryFrame.TryParse(header, body, ProtocolLimits.Default, out QueryFrame query, out _))
        {
            return -1;
        }

        int total = query.Principal.Length + query.Action.Length + query.Resource.Length + query.ResourceAccount.Length;
        foreach (ContextEntry entry in query.Context)
        {
            total += entry.Key.Length + (entry.IsMultivalued ? 1 : 0);
            foreach (ReadOnlySpan<byte> value in entry.Values)
            {
                total += value.Length;
            }
        }

        return total;
    }
}
