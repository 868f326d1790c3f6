using System.Buffers;

namespace Engine.Fuzz;

/// <summary>A byte sequence in two segments, as a pipe hands over bytes that arrived in two reads.</summary>
internal sealed class TwoSegments : ReadOnlySequenceSegment<byte>
{
    private TwoSegments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>The bytes split at <paramref name="split"/> (0 or the length: one segment).</summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="split">Where the second segment starts.</param>
    public static ReadOnlySequence<byte> Create(byte[] bytes, int split)
    {
        if (split <= 0 || split >= bytes.Length)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new TwoSegments(bytes.AsMemory(0, split), 0);
        var second = new TwoSegments(bytes.AsMemory(split), split);
        first.Next = second;
        return new ReadOnlySequence<byte>(first, 0, second, second.Memory.Length);
    }
}
