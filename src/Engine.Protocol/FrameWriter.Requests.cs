using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Engine.Protocol;

// The client's side: queries, pings and stats requests. Not on the server's hot path, so strings
// and lists are fine here; input that cannot be encoded faithfully throws instead of being mended.
public static partial class FrameWriter
{
    // Throws on a lone surrogate: replacing it with U+FFFD would ask the server a different question.
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Writes a Query frame. The caller keeps the frame within the server's
    /// <see cref="ProtocolLimits"/>; this method checks only what the format can represent.
    /// </summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="requestId">An id the client chooses; the Decision echoes it.</param>
    /// <param name="principal">The caller.</param>
    /// <param name="action">The action, <c>service:Action</c>.</param>
    /// <param name="resource">The resource ARN or <c>*</c>.</param>
    /// <param name="resourceAccount">The resource's account, or null to let the server derive it.</param>
    /// <param name="context">The context entries, or null for none (at most 65535).</param>
    /// <exception cref="ArgumentException">A string is not valid UTF-16 or is over 65535 UTF-8 bytes, or there are too many entries or values.</exception>
    public static void WriteQuery(
        IBufferWriter<byte> output,
        ulong requestId,
        string principal,
        string action,
        string resource,
        string? resourceAccount,
        IReadOnlyList<QueryContextEntry>? context)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(resource);
        context ??= [];
        if (context.Count > ushort.MaxValue)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(context));
        }

        long bodyLength = SizeOfString(principal) + SizeOfString(action) + SizeOfString(resource) + sizeof(ushort);
        if (resourceAccount is not null)
        {
            bodyLength += SizeOfString(resourceAccount);
        }

        // PERF: indexed loops, not foreach: an enumerator over IReadOnlyList<T> is boxed, and
        // EngineClient promises no allocation per query.
        for (int e = 0; e < context.Count; e++)
        {
            QueryContextEntry entry = context[e];
            bodyLength += 1 + SizeOfString(entry.Key);
            if (entry.IsMultivalued)
            {
                if (entry.Values.Count > ushort.MaxValue)
                {
                    ThrowHelper.ThrowArgumentOutOfRange(nameof(context));
                }

                bodyLength += sizeof(ushort);
            }

            for (int v = 0; v < entry.Values.Count; v++)
            {
                bodyLength += SizeOfString(entry.Values[v]);
            }
        }

        if (bodyLength > ProtocolConstants.MaxMaxFrameSize)
        {
            ThrowHelper.ThrowArgument("query is larger than any server accepts", nameof(context));
        }

        int frameSize = ProtocolConstants.HeaderSize + (int)bodyLength;
        Span<byte> frame = output.GetSpan(frameSize)[..frameSize];
        FrameFlags flags = resourceAccount is null ? FrameFlags.None : FrameFlags.HasResourceAccount;
        FrameHeader.Write(frame, FrameType.Query, flags, requestId, (int)bodyLength);

        int position = ProtocolConstants.HeaderSize;
        WriteString(frame, ref position, principal);
        WriteString(frame, ref position, action);
        WriteString(frame, ref position, resource);
        if (resourceAccount is not null)
        {
            WriteString(frame, ref position, resourceAccount);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(frame[position..], (ushort)context.Count);
        position += sizeof(ushort);
        for (int e = 0; e < context.Count; e++)
        {
            QueryContextEntry entry = context[e];
            frame[position++] = entry.IsMultivalued ? QueryFrame.MultivaluedEntryKind : QueryFrame.SingleValueEntryKind;
            WriteString(frame, ref position, entry.Key);
            if (entry.IsMultivalued)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(frame[position..], (ushort)entry.Values.Count);
                position += sizeof(ushort);
            }

            for (int v = 0; v < entry.Values.Count; v++)
            {
                WriteString(frame, ref position, entry.Values[v]);
            }
        }

        output.Advance(frameSize);
    }

    /// <summary>Writes a Ping frame (empty body).</summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="requestId">An id the client chooses; the Pong echoes it.</param>
    public static void WritePing(IBufferWriter<byte> output, ulong requestId) =>
        WriteEmptyFrame(output, FrameType.Ping, requestId);

    /// <summary>Writes a StatsRequest frame (empty body).</summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="requestId">An id the client chooses; the Stats frame echoes it.</param>
    public static void WriteStatsRequest(IBufferWriter<byte> output, ulong requestId) =>
        WriteEmptyFrame(output, FrameType.StatsRequest, requestId);

    /// <summary>Writes a Hello frame: the shared-secret handshake a server with a token requires first.</summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="requestId">An id the client chooses; the Pong (or the Unauthorized Error) echoes it.</param>
    /// <param name="token">The token, as in the server's token file; at most <see cref="ProtocolConstants.MaxTokenLength"/> bytes.</param>
    public static void WriteHello(IBufferWriter<byte> output, ulong requestId, ReadOnlySpan<byte> token)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (token.Length > ProtocolConstants.MaxTokenLength)
        {
            ThrowHelper.ThrowArgument($"a token of {token.Length} bytes is over the {ProtocolConstants.MaxTokenLength}-byte limit", nameof(token));
        }

        int bodyLength = sizeof(ushort) + token.Length;
        Span<byte> frame = output.GetSpan(ProtocolConstants.HeaderSize + bodyLength);
        FrameHeader.Write(frame, FrameType.Hello, FrameFlags.None, requestId, bodyLength);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[ProtocolConstants.HeaderSize..], (ushort)token.Length);
        token.CopyTo(frame[(ProtocolConstants.HeaderSize + sizeof(ushort))..]);
        output.Advance(ProtocolConstants.HeaderSize + bodyLength);
    }

    private static void WriteEmptyFrame(IBufferWriter<byte> output, FrameType type, ulong requestId)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> frame = output.GetSpan(ProtocolConstants.HeaderSize);
        FrameHeader.Write(frame, type, FrameFlags.None, requestId, bodyLength: 0);
        output.Advance(ProtocolConstants.HeaderSize);
    }

    private static int SizeOfString(string text)
    {
        int length = s_strictUtf8.GetByteCount(text);
        if (length > ProtocolConstants.MaxStringLength)
        {
            ThrowHelper.ThrowArgument($"string of {length} UTF-8 bytes is over the 65535-byte limit", nameof(text));
        }

        return sizeof(ushort) + length;
    }

    private static void WriteString(Span<byte> frame, ref int position, string text)
    {
        int length = s_strictUtf8.GetBytes(text, frame[(position + sizeof(ushort))..]);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[position..], (ushort)length);
        position += sizeof(ushort) + length;
    }
}
