using System.Buffers.Binary;

namespace Engine.Protocol;

/// <summary>
/// The 16 bytes in front of every frame (docs/wire-protocol.md §2):
/// <c>u32 length | u8 magic | u8 version | u8 type | u8 flags | u64 requestId</c>, little-endian.
/// The length counts the bytes after itself, so a frame is <c>4 + length</c> bytes long.
/// </summary>
/// <param name="Version">The protocol version byte.</param>
/// <param name="Type">The frame type byte (may be a value <see cref="FrameType"/> does not name).</param>
/// <param name="Flags">The flags byte.</param>
/// <param name="RequestId">Chosen by the client, echoed in the response so requests can be pipelined.</param>
/// <param name="BodyLength">Bytes after the header.</param>
public readonly record struct FrameHeader(byte Version, FrameType Type, FrameFlags Flags, ulong RequestId, int BodyLength)
{
    /// <summary>Bytes of the whole frame, header included.</summary>
    public int FrameSize => ProtocolConstants.HeaderSize + BodyLength;

    /// <summary>Writes a version-1 header for a body of <paramref name="bodyLength"/> bytes.</summary>
    /// <param name="destination">At least <see cref="ProtocolConstants.HeaderSize"/> bytes.</param>
    /// <param name="type">The frame type.</param>
    /// <param name="flags">The flags.</param>
    /// <param name="requestId">The request id to carry.</param>
    /// <param name="bodyLength">Bytes of the body that will follow.</param>
    public static void Write(Span<byte> destination, FrameType type, FrameFlags flags, ulong requestId, int bodyLength)
    {
        // One bounds check for the whole header; the writes below are then in range.
        Span<byte> header = destination[..ProtocolConstants.HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(ProtocolConstants.MinLengthPrefixValue + bodyLength));
        header[4] = ProtocolConstants.Magic;
        header[5] = ProtocolConstants.Version;
        header[6] = (byte)type;
        header[7] = (byte)flags;
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], requestId);
    }
}
