using System.Buffers;
using System.Buffers.Binary;
using Engine.Protocol;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Server;

// Frames over SmallFrameBytes: counted against the server-wide buffered-bytes budget from the moment
// their header is in, assembled in a buffer of their own that the GC takes back once the frame is
// answered, and followed by a fresh AuthorizationRequest, so that nothing a large frame grew stays
// with the connection (issue #14: each 16 MiB query left ~100 MB held per connection).
internal sealed partial class ServerConnection
{
    /// <summary>
    /// The largest frame a connection's own buffers hold (64 KiB, the default frame limit); larger
    /// frames draw on <see cref="ServerOptions.MaxBufferedBytes"/>.
    /// </summary>
    internal const int SmallFrameBytes = 64 * 1024;

    // Bytes reserved from the budget for the frame in progress (its size), or 0. Only the read loop
    // touches it, then CloseAsync once the loop is over.
    private long _largeFrameBytes;

    /// <summary>
    /// What a connection holds whatever it is sent: the scratch buffer, the input and output pipes'
    /// first segments and a request; given to the <see cref="MemoryTrimmer"/> when it closes.
    /// </summary>
    internal static long FixedBufferBytes(in ProtocolLimits limits) =>
        Math.Min(limits.MaxFrameSize, SmallFrameBytes) + InputBufferBytes + OutputBufferBytes + 4 * 1024;

    private const int InputBufferBytes = 16 * 1024;
    private const int OutputBufferBytes = 16 * 1024;

    // The size of the frame at the reader when it is larger than SmallFrameBytes and its header is in
    // and sound; else 0 (a small frame, too few bytes yet, or a header FrameReader will reject).
    // PERF: a small frame costs one 4-byte read of the length prefix.
    private int PeekLargeFrameSize(in SequenceReader<byte> reader)
    {
        ReadOnlySpan<byte> unread = reader.UnreadSpan;
        if (unread.Length >= ProtocolConstants.LengthPrefixSize
            && BinaryPrimitives.ReadUInt32LittleEndian(unread) + (long)ProtocolConstants.LengthPrefixSize <= SmallFrameBytes)
        {
            return 0;
        }

        return PeekLargeFrameSizeSlow(reader);
    }

    private int PeekLargeFrameSizeSlow(SequenceReader<byte> reader)
    {
        Span<byte> header = stackalloc byte[ProtocolConstants.HeaderSize];
        if (!reader.TryCopyTo(header) || header[ProtocolConstants.LengthPrefixSize] != ProtocolConstants.Magic)
        {
            return 0;
        }

        long frameSize = BinaryPrimitives.ReadUInt32LittleEndian(header) + (long)ProtocolConstants.LengthPrefixSize;
        return frameSize > SmallFrameBytes && frameSize <= _limits.MaxFrameSize ? (int)frameSize : 0;
    }

    // Reserves the frame's size before its body is buffered. When the budget is spent the frame is
    // refused with a closing Overloaded Error frame (its body is never read, so framing is lost):
    // the client may retry, and nothing is decided, let alone allowed.
    private bool TryReserveLargeFrame(in SequenceReader<byte> reader, int frameSize)
    {
        if (_budget.TryReserve(frameSize))
        {
            _largeFrameBytes = frameSize;
            return true;
        }

        Span<byte> header = stackalloc byte[ProtocolConstants.HeaderSize];
        reader.TryCopyTo(header);
        ulong requestId = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
        ServerLog.BufferBudgetSpent(_logger, Id, frameSize, _budget.Reserved, _budget.Capacity);
        Count(StatsCounter.Requests);
        _metrics.Request();
        WriteError(requestId, ResponseStatus.Overloaded, closing: true, "the server's buffered-bytes budget is spent: retry later"u8);
        return false;
    }

    // The large frame is answered: give its bytes back and drop the request its text grew
    // (AuthorizationRequestPool does not keep a request that large) for a small one.
    private void EndLargeFrame()
    {
        _budget.Release(_largeFrameBytes);
        _largeFrameBytes = 0;
        AuthorizationRequestPool.Return(_request!);
        _request = AuthorizationRequestPool.Rent();
    }

    // The connection closes with a large frame half-received.
    private void ReleaseLargeFrame()
    {
        if (_largeFrameBytes != 0)
        {
            _budget.Release(_largeFrameBytes);
            _largeFrameBytes = 0;
        }
    }
}
