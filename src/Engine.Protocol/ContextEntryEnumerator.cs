using System.Buffers.Binary;

namespace Engine.Protocol;

/// <summary>
/// Enumerates the context entries of a <see cref="QueryFrame"/> without allocating. Works over
/// bytes that <see cref="QueryFrame.TryParse"/> has already validated.
/// </summary>
public ref struct ContextEntryEnumerator
{
    private ReadOnlySpan<byte> _remaining;
    private int _remainingCount;

    internal ContextEntryEnumerator(ReadOnlySpan<byte> entries, int count)
    {
        _remaining = entries;
        _remainingCount = count;
        Current = default;
    }

    /// <summary>The current entry.</summary>
    public ContextEntry Current { get; private set; }

    /// <summary>Returns this enumerator, so a <c>foreach</c> can run over it directly.</summary>
    public readonly ContextEntryEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next entry.</summary>
    /// <returns>False after the last entry.</returns>
    public bool MoveNext()
    {
        if (_remainingCount == 0)
        {
            return false;
        }

        // Layout (validated by TryParse): kind u8 | key (u16 length, bytes) | values.
        bool isMultivalued = _remaining[0] == QueryFrame.MultivaluedEntryKind;
        int keyLength = BinaryPrimitives.ReadUInt16LittleEndian(_remaining[1..]);
        ReadOnlySpan<byte> key = _remaining.Slice(1 + sizeof(ushort), keyLength);
        ReadOnlySpan<byte> rest = _remaining[(1 + sizeof(ushort) + keyLength)..];

        int valueCount = 1;
        if (isMultivalued)
        {
            valueCount = BinaryPrimitives.ReadUInt16LittleEndian(rest);
            rest = rest[sizeof(ushort)..];
        }

        // Walk the value lengths to find where the next entry starts.
        int valuesLength = 0;
        for (int i = 0; i < valueCount; i++)
        {
            valuesLength += sizeof(ushort) + BinaryPrimitives.ReadUInt16LittleEndian(rest[valuesLength..]);
        }

        Current = new ContextEntry(key, isMultivalued, rest[..valuesLength], valueCount);
        _remaining = rest[valuesLength..];
        _remainingCount--;
        return true;
    }
}
