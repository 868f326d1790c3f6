using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using Engine.Runtime.Evaluation;

namespace Engine.Protocol;

/// <summary>
/// Writes frames into an <see cref="IBufferWriter{T}"/> (a <c>PipeWriter</c> on the server) without
/// allocating: each frame is sized first, then written in one <c>GetSpan</c>/<c>Advance</c>. This
/// file holds the server's responses; <c>FrameWriter.Requests.cs</c> holds the client's requests.
/// </summary>
public static partial class FrameWriter
{
    /// <summary>
    /// Writes a Decision frame with a pre-encoded Sid. Fails closed: a non-Ok status is written with
    /// <c>ImplicitDeny</c> and no statement whatever <paramref name="decision"/> says, and an
    /// undefined decision or status becomes <see cref="ResponseStatus.InternalError"/>.
    /// </summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="requestId">The query's request id.</param>
    /// <param name="status">The outcome of the query.</param>
    /// <param name="decision">The answer; ignored unless <paramref name="status"/> is Ok.</param>
    /// <param name="statement">The deciding statement, or null (implicit deny, or a non-Ok status).</param>
    /// <param name="revision">The policy revision the answer was decided on.</param>
    /// <param name="sidUtf8">The statement's Sid as valid UTF-8 (may be empty); dropped without a statement.</param>
    public static void WriteDecision(
        IBufferWriter<byte> output,
        ulong requestId,
        ResponseStatus status,
        Decision decision,
        DecidingStatement? statement,
        ulong revision,
        ReadOnlySpan<byte> sidUtf8)
    {
        ArgumentNullException.ThrowIfNull(output);
        FailClosed(ref status, ref decision, ref statement);
        if (statement is null)
        {
            sidUtf8 = default;
        }

        Span<byte> body = BeginDecision(output, requestId, status, decision, statement, revision, sidUtf8.Length, out int frameSize);
        sidUtf8.CopyTo(body[ProtocolConstants.DecisionFixedBodySize..]);
        output.Advance(frameSize);
    }

    /// <summary>
    /// Writes a Decision frame, encoding the Sid to UTF-8 in place (a lone surrogate becomes U+FFFD:
    /// the Sid is informational). Fails closed as the UTF-8 overload does.
    /// </summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="requestId">The query's request id.</param>
    /// <param name="status">The outcome of the query.</param>
    /// <param name="decision">The answer; ignored unless <paramref name="status"/> is Ok.</param>
    /// <param name="statement">The deciding statement, or null.</param>
    /// <param name="revision">The policy revision the answer was decided on.</param>
    /// <param name="sid">The statement's Sid (may be empty); dropped without a statement.</param>
    public static void WriteDecision(
        IBufferWriter<byte> output,
        ulong requestId,
        ResponseStatus status,
        Decision decision,
        DecidingStatement? statement,
        ulong revision,
        ReadOnlySpan<char> sid)
    {
        ArgumentNullException.ThrowIfNull(output);
        FailClosed(ref status, ref decision, ref statement);
        if (statement is null)
        {
            sid = default;
        }

        int sidLength = Encoding.UTF8.GetByteCount(sid);
        Span<byte> body = BeginDecision(output, requestId, status, decision, statement, revision, sidLength, out int frameSize);
        Utf8.FromUtf16(sid, body[ProtocolConstants.DecisionFixedBodySize..], out _, out _, replaceInvalidSequences: true);
        output.Advance(frameSize);
    }

    /// <summary>Writes a Decision frame for what the evaluator returned.</summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="requestId">The query's request id.</param>
    /// <param name="status">The outcome of the query.</param>
    /// <param name="decision">The answer; ignored unless <paramref name="status"/> is Ok.</param>
    /// <param name="statement">The deciding statement (its Sid is sent), or null.</param>
    /// <param name="revision">The policy revision the answer was decided on.</param>
    public static void WriteDecision(
        IBufferWriter<byte> output,
        ulong requestId,
        ResponseStatus status,
        Decision decision,
        StatementRef? statement,
        ulong revision)
    {
        if (statement is null)
        {
            WriteDecision(output, requestId, status, decision, (DecidingStatement?)null, revision, ReadOnlySpan<char>.Empty);
            return;
        }

        // A null Sid goes out as an empty one: the wire does not tell "no Sid" from "Sid \"\"".
        WriteDecision(output, requestId, status, decision, DecidingStatement.From(statement), revision, statement.Sid.AsSpan());
    }

    /// <summary>Writes a Pong frame carrying the current policy revision.</summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="requestId">The ping's request id.</param>
    /// <param name="revision">The revision of the policy set in use.</param>
    public static void WritePong(IBufferWriter<byte> output, ulong requestId, ulong revision)
    {
        ArgumentNullException.ThrowIfNull(output);
        const int FrameSize = ProtocolConstants.HeaderSize + ProtocolConstants.PongBodySize;
        Span<byte> frame = output.GetSpan(FrameSize)[..FrameSize];
        FrameHeader.Write(frame, FrameType.Pong, FrameFlags.None, requestId, ProtocolConstants.PongBodySize);
        BinaryPrimitives.WriteUInt64LittleEndian(frame[ProtocolConstants.HeaderSize..], revision);
        output.Advance(FrameSize);
    }

    /// <summary>Writes a Stats frame: a <c>u16</c> count, then each counter as a <c>u64</c>.</summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="requestId">The stats request's id.</param>
    /// <param name="counters">The counters indexed by <see cref="StatsCounter"/>; at most 65535.</param>
    public static void WriteStats(IBufferWriter<byte> output, ulong requestId, ReadOnlySpan<ulong> counters)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (counters.Length > ushort.MaxValue)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(counters));
        }

        int bodyLength = sizeof(ushort) + (counters.Length * sizeof(ulong));
        int frameSize = ProtocolConstants.HeaderSize + bodyLength;
        Span<byte> frame = output.GetSpan(frameSize)[..frameSize];
        FrameHeader.Write(frame, FrameType.Stats, FrameFlags.None, requestId, bodyLength);
        Span<byte> body = frame[ProtocolConstants.HeaderSize..];
        BinaryPrimitives.WriteUInt16LittleEndian(body, (ushort)counters.Length);
        for (int i = 0; i < counters.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(body[(sizeof(ushort) + (i * sizeof(ulong)))..], counters[i]);
        }

        output.Advance(frameSize);
    }

    /// <summary>Writes an Error frame for a request that gets no other answer.</summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="requestId">The failed frame's request id, or 0 when it could not be read.</param>
    /// <param name="status">Why; never <see cref="ResponseStatus.Ok"/>.</param>
    /// <param name="closing">True when the server closes the connection after this frame.</param>
    /// <param name="messageUtf8">A short lowercase reason as valid UTF-8, for logs (may be empty).</param>
    public static void WriteError(
        IBufferWriter<byte> output,
        ulong requestId,
        ResponseStatus status,
        bool closing,
        ReadOnlySpan<byte> messageUtf8)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> body = BeginError(output, requestId, status, closing, messageUtf8.Length, out int frameSize);
        messageUtf8.CopyTo(body[ProtocolConstants.ErrorFixedBodySize..]);
        output.Advance(frameSize);
    }

    /// <summary>Writes an Error frame, encoding the message to UTF-8 in place.</summary>
    /// <param name="output">Where the frame goes.</param>
    /// <param name="requestId">The failed frame's request id, or 0 when it could not be read.</param>
    /// <param name="status">Why; never <see cref="ResponseStatus.Ok"/>.</param>
    /// <param name="closing">True when the server closes the connection after this frame.</param>
    /// <param name="message">A short lowercase reason, for logs (may be empty).</param>
    public static void WriteError(
        IBufferWriter<byte> output,
        ulong requestId,
        ResponseStatus status,
        bool closing,
        ReadOnlySpan<char> message)
    {
        ArgumentNullException.ThrowIfNull(output);
        int messageLength = Encoding.UTF8.GetByteCount(message);
        Span<byte> body = BeginError(output, requestId, status, closing, messageLength, out int frameSize);
        Utf8.FromUtf16(message, body[ProtocolConstants.ErrorFixedBodySize..], out _, out _, replaceInvalidSequences: true);
        output.Advance(frameSize);
    }

    private static Span<byte> BeginError(
        IBufferWriter<byte> output,
        ulong requestId,
        ResponseStatus status,
        bool closing,
        int messageLength,
        out int frameSize)
    {
        if (status is ResponseStatus.Ok or > ResponseStatus.Unauthorized)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(status));
        }

        if (messageLength > ProtocolConstants.MaxStringLength)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(messageLength));
        }

        int bodyLength = ProtocolConstants.ErrorFixedBodySize + messageLength;
        frameSize = ProtocolConstants.HeaderSize + bodyLength;
        Span<byte> frame = output.GetSpan(frameSize)[..frameSize];
        FrameHeader.Write(frame, FrameType.Error, closing ? FrameFlags.Closing : FrameFlags.None, requestId, bodyLength);
        Span<byte> body = frame[ProtocolConstants.HeaderSize..];
        body[0] = (byte)status;
        BinaryPrimitives.WriteUInt16LittleEndian(body[1..], (ushort)messageLength);
        return body;
    }

    // INVARIANT (fail-closed): only status Ok may carry Allow or ExplicitDeny, and only a defined
    // status and decision reach the wire. Normalising here, not throwing, keeps a bug upstream from
    // tearing down a connection while still never sending a wrong Allow.
    private static void FailClosed(ref ResponseStatus status, ref Decision decision, ref DecidingStatement? statement)
    {
        if (status > ResponseStatus.NotReady || decision > Decision.ExplicitDeny)
        {
            status = ResponseStatus.InternalError;
        }

        if (status != ResponseStatus.Ok)
        {
            decision = Decision.ImplicitDeny;
            statement = null;
        }
    }

    // Writes header and the fixed part of a Decision body; returns the body so the caller can
    // put the Sid at offset 22.
    private static Span<byte> BeginDecision(
        IBufferWriter<byte> output,
        ulong requestId,
        ResponseStatus status,
        Decision decision,
        DecidingStatement? statement,
        ulong revision,
        int sidLength,
        out int frameSize)
    {
        if (sidLength > ProtocolConstants.MaxStringLength)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(sidLength));
        }

        int bodyLength = ProtocolConstants.DecisionFixedBodySize + sidLength;
        frameSize = ProtocolConstants.HeaderSize + bodyLength;
        Span<byte> frame = output.GetSpan(frameSize)[..frameSize];
        FrameHeader.Write(frame, FrameType.Decision, FrameFlags.None, requestId, bodyLength);
        Span<byte> body = frame[ProtocolConstants.HeaderSize..];
        body[0] = (byte)status;
        body[1] = (byte)decision;
        if (statement is DecidingStatement s)
        {
            if (s.Kind > PolicyKind.VpcEndpoint || (uint)s.Level > byte.MaxValue || s.PolicyIndex < 0 || s.StatementIndex < 0)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(statement));
            }

            body[2] = (byte)s.Kind;
            body[3] = (byte)s.Level;
            BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)s.PolicyIndex);
            BinaryPrimitives.WriteUInt32LittleEndian(body[8..], (uint)s.StatementIndex);
        }
        else
        {
            body[2] = ProtocolConstants.NoStatementKind;
            body[3..12].Clear();
        }

        BinaryPrimitives.WriteUInt64LittleEndian(body[12..], revision);
        BinaryPrimitives.WriteUInt16LittleEndian(body[20..], (ushort)sidLength);
        return body;
    }
}
