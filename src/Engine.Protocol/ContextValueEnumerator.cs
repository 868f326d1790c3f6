using System.Buffers.Binary;

namespace Engine.Protocol;

/// <summary>
/// Enumerates the UTF-8 values of one context entry without allocating. Works over bytes that
/// <see cref="QueryFrame.TryParse"/> has already validated, so it does not re-check them.
/// </summary>
public ref struct ContextValueEnumerator
{
    private ReadOnlySpan<byte> _remaining;
    private int _remainingCount;

    internal ContextValueEnumerator(ReadOnlySpan<byte> values, int count)
    {
        _remaining = values;
        _remainingCount = count;
        Current = default;
    }

    /// <summary>The current value's UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>Returns this enumerator, so a <c>foreach</c> can run over it directly.</summary>
    public readonly ContextValueEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next value.</summary>
    /// <returns>False after the last value.</returns>
    public bool MoveNext()
    {
        if (_remainingCount == 0)
        {
            return false;
        }

        // Validated by TryParse: a bad slice here would be a bug and throws rather than misreads.
        int length = BinaryPrimitives.ReadUInt16LittleEndian(_remaining);
        Current = _remaining.Slice(sizeof(ushort), length);
        _remaining = _remaining[(sizeof(ushort) + length)..];
        _remainingCount--;
        return true;
    }
}
