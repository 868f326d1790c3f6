using System.Buffers;

namespace Engine.Protocol.Tests.Codec;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, as a socket's pipe hands them out.</summary>
internal static class SegmentedSequence
{
    /// <summary>Splits <paramref name="data"/> at the given ascending offsets (empty segments allowed).</summary>
    public static ReadOnlySequence<byte> Create(byte[] data, params int[] splitPoints)
    {
        var first = new Segment(data.AsMemory(0, splitPoints.Length == 0 ? data.Length : splitPoints[0]), 0);
        Segment last = first;
        for (int i = 0; i < splitPoints.Length; i++)
        {
            int start = splitPoints[i];
            int end = i + 1 < splitPoints.Length ? splitPoints[i + 1] : data.Length;
            last = last.Append(data.AsMemory(start, end - start));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            // Each segment gets its own array so a read past a segment's end cannot see its neighbour.
            Memory = memory.ToArray();
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
