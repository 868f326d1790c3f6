using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Engine.Protocol;

/// <summary>
/// Delimits frames in a byte stream without allocating: checks the header, then hands out the body
/// as a span — a slice of the reader's current segment when the frame lies in one segment (the
/// usual case), else a copy in the caller's scratch buffer. Body contents are checked by the
/// body's parser (<c>QueryFrame.TryParse</c>), not here.
/// </summary>
public static class FrameReader
{
    /// <summary>
    /// Reads one frame at the reader's position. On <see cref="FrameReadOutcome.Frame"/> the frame
    /// was consumed and <paramref name="body"/> is valid until the underlying buffer is released or
    /// <paramref name="scratch"/> is reused. See <see cref="FrameReadResult"/> for what was consumed
    /// on <see cref="FrameReadOutcome.Invalid"/>; on <see cref="FrameReadOutcome.NeedMoreData"/>
    /// nothing was.
    /// </summary>
    /// <param name="reader">The connection's unread bytes.</param>
    /// <param name="limits">The frame size limit to enforce.</param>
    /// <param name="scratch">
    /// Where a frame split across segments is assembled; at least
    /// <see cref="ProtocolLimits.MaxFrameSize"/> bytes, pooled per connection.
    /// </param>
    /// <param name="header">
    /// The header when one could be read. On <see cref="FrameReadOutcome.Invalid"/> its
    /// <see cref="FrameHeader.RequestId"/> is the id to echo in the error (0 when the magic byte was wrong).
    /// </param>
    /// <param name="body">The frame's body on <see cref="FrameReadOutcome.Frame"/>; empty otherwise.</param>
    /// <returns>Whether a frame was read, more bytes are needed, or the frame is invalid.</returns>
    public static FrameReadResult TryReadFrame(
        ref SequenceReader<byte> reader,
        in ProtocolLimits limits,
        Span<byte> scratch,
        out FrameHeader header,
        out ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> unread = reader.UnreadSpan;
        if (unread.Length >= ProtocolConstants.HeaderSize)
        {
            FrameReadResult check = ReadHeader(unread, limits, out header);
            if (check.CloseConnection)
            {
                body = default;
                return check;
            }

            int frameSize = header.FrameSize;
            if (unread.Length >= frameSize)
            {
                reader.Advance(frameSize);
                body = check.Outcome == FrameReadOutcome.Frame
                    ? unread.Slice(ProtocolConstants.HeaderSize, header.BodyLength)
                    : default;
                return check;
            }
        }

        return TryReadFrameMultiSegment(ref reader, limits, scratch, out header, out body);
    }

    // The rare case: the header or the body crosses a segment boundary, or the frame is incomplete.
    // Kept out of line so the fast path above stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static FrameReadResult TryReadFrameMultiSegment(
        ref SequenceReader<byte> reader,
        in ProtocolLimits limits,
        Span<byte> scratch,
        out FrameHeader header,
        out ReadOnlySpan<byte> body)
    {
        body = default;
        Span<byte> headerBytes = stackalloc byte[ProtocolConstants.HeaderSize];
        if (!reader.TryCopyTo(headerBytes))
        {
            header = default;
            return FrameReadResult.NeedMoreData;
        }

        FrameReadResult check = ReadHeader(headerBytes, limits, out header);
        if (check.CloseConnection)
        {
            return check;
        }

        int frameSize = header.FrameSize;
        if (reader.Remaining < frameSize)
        {
            header = default;
            return FrameReadResult.NeedMoreData;
        }

        if (check.Outcome != FrameReadOutcome.Frame)
        {
            reader.Advance(frameSize);
            return check;
        }

        int bodyLength = header.BodyLength;
        if (scratch.Length < bodyLength)
        {
            ThrowHelper.ThrowScratchTooSmall(bodyLength, scratch.Length, nameof(scratch));
        }

        Span<byte> destination = scratch[..bodyLength];
        reader.Advance(ProtocolConstants.HeaderSize);
        // Cannot fail: Remaining was checked to cover the whole frame above.
        reader.TryCopyTo(destination);
        reader.Advance(bodyLength);
        body = destination;
        return check;
    }

    // Checks in order of how much of the stream can still be trusted: the magic byte and the length
    // delimit frames, so failing them loses framing (close); version, type, flags and body size
    // fail one frame only (skip it and go on).
    private static FrameReadResult ReadHeader(ReadOnlySpan<byte> bytes, in ProtocolLimits limits, out FrameHeader header)
    {
        uint lengthPrefix = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        byte magic = bytes[4];
        byte version = bytes[5];
        var type = (FrameType)bytes[6];
        var flags = (FrameFlags)bytes[7];
        ulong requestId = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);

        if (magic != ProtocolConstants.Magic)
        {
            // Not this protocol: the "request id" is arbitrary bytes, so do not echo it.
            header = new FrameHeader(version, type, flags, RequestId: 0, BodyLength: 0);
            return Reject(ResponseStatus.Malformed, closeConnection: true);
        }

        // Compared as long so default(ProtocolLimits), whose limit is 0, rejects everything.
        if (lengthPrefix < ProtocolConstants.MinLengthPrefixValue)
        {
            header = new FrameHeader(version, type, flags, requestId, BodyLength: 0);
            return Reject(ResponseStatus.Malformed, closeConnection: true);
        }

        if ((long)lengthPrefix + ProtocolConstants.LengthPrefixSize > limits.MaxFrameSize)
        {
            header = new FrameHeader(version, type, flags, requestId, BodyLength: 0);
            return Reject(ResponseStatus.TooLarge, closeConnection: true);
        }

        int bodyLength = (int)lengthPrefix - ProtocolConstants.MinLengthPrefixValue;
        header = new FrameHeader(version, type, flags, requestId, bodyLength);
        if (version != ProtocolConstants.Version)
        {
            return Reject(ResponseStatus.UnsupportedVersion, closeConnection: false);
        }

        if (!TryGetAllowedFlags(type, out FrameFlags allowedFlags))
        {
            return Reject(ResponseStatus.UnsupportedFrameType, closeConnection: false);
        }

        if ((flags & ~allowedFlags) != 0 || !IsBodyLengthAllowed(type, bodyLength))
        {
            return Reject(ResponseStatus.Malformed, closeConnection: false);
        }

        return FrameReadResult.Frame;
    }

    private static bool TryGetAllowedFlags(FrameType type, out FrameFlags allowed)
    {
        switch (type)
        {
            case FrameType.Query:
                allowed = FrameFlags.HasResourceAccount;
                return true;
            case FrameType.Error:
                allowed = FrameFlags.Closing;
                return true;
            case FrameType.Decision or FrameType.Ping or FrameType.Pong or FrameType.StatsRequest or FrameType.Stats or FrameType.Hello:
                allowed = FrameFlags.None;
                return true;
            default:
                allowed = FrameFlags.None;
                return false;
        }
    }

    // Fixed-size bodies are checked here so Ping and StatsRequest, which have no parser, are fully
    // validated by the reader; variable bodies only get their minimum and are parsed later.
    private static bool IsBodyLengthAllowed(FrameType type, int bodyLength) => type switch
    {
        FrameType.Ping or FrameType.StatsRequest => bodyLength == 0,
        FrameType.Pong => bodyLength == ProtocolConstants.PongBodySize,
        FrameType.Decision => bodyLength >= ProtocolConstants.DecisionFixedBodySize,
        FrameType.Error => bodyLength >= ProtocolConstants.ErrorFixedBodySize,
        FrameType.Stats => bodyLength >= sizeof(ushort),
        FrameType.Query => bodyLength >= 3 * sizeof(ushort) + sizeof(ushort),
        FrameType.Hello => bodyLength >= sizeof(ushort),
        _ => false,
    };

    // The one way out for a bad header, so every rejection is visible in one place.
    private static FrameReadResult Reject(ResponseStatus status, bool closeConnection) =>
        FrameReadResult.Invalid(status, closeConnection);
}
