using System.Buffers.Binary;

namespace Engine.Protocol;

/// <summary>
/// A forward reader over one frame body. Every <c>Try</c> method returns false instead of reading
/// past the end, so a length field from the network can never index outside the body.
/// </summary>
internal ref struct BodyCursor
{
    private readonly ReadOnlySpan<byte> _body;
    private int _position;

    public BodyCursor(ReadOnlySpan<byte> body)
    {
        _body = body;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly bool IsAtEnd => _position == _body.Length;

    /// <summary>The bytes from <paramref name="start"/> (an earlier <see cref="Position"/>) to here.</summary>
    public readonly ReadOnlySpan<byte> SliceSince(int start) => _body[start.._position];

    /// <summary>The bytes not read yet.</summary>
    public readonly ReadOnlySpan<byte> Rest => _body[_position..];

    public bool TryReadByte(out byte value)
    {
        // (uint) cast: one compare covers both "negative" and "past the end".
        if ((uint)_position < (uint)_body.Length)
        {
            value = _body[_position];
            _position++;
            return true;
        }

        value = 0;
        return false;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (BinaryPrimitives.TryReadUInt16LittleEndian(_body[_position..], out value))
        {
            _position += sizeof(ushort);
            return true;
        }

        return false;
    }

    public bool TryReadUInt32(out uint value)
    {
        if (BinaryPrimitives.TryReadUInt32LittleEndian(_body[_position..], out value))
        {
            _position += sizeof(uint);
            return true;
        }

        return false;
    }

    public bool TryReadUInt64(out ulong value)
    {
        if (BinaryPrimitives.TryReadUInt64LittleEndian(_body[_position..], out value))
        {
            _position += sizeof(ulong);
            return true;
        }

        return false;
    }

    /// <summary>Reads a <c>u16</c>-length-prefixed byte string; false when the length points past the end.</summary>
    public bool TryReadString(out ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> rest = _body[_position..];
        if (BinaryPrimitives.TryReadUInt16LittleEndian(rest, out ushort length)
            && length <= rest.Length - sizeof(ushort))
        {
            value = rest.Slice(sizeof(ushort), length);
            _position += sizeof(ushort) + length;
            return true;
        }

        value = default;
        return false;
    }
}
