using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using Engine.Runtime.Evaluation;

namespace Engine.Protocol;

/// <summary>
/// Reads responses on a client's hot path without allocating: frames are delimited by
/// <see cref="FrameReader"/> and a Decision is decoded in place, as strictly as
/// <see cref="ResponseReader"/> decodes it (unknown status or decision, a failure with anything but
/// <c>ImplicitDeny</c>, statement fields without a statement, invalid UTF-8 or trailing bytes all
/// throw), so a broken server can never be read as granting access. An Error frame, rare by
/// nature, is decoded in full by <see cref="ResponseReader"/> for its message. Used by
/// <see cref="Client.EngineClient"/> and the load generator.
/// </summary>
public static class ResponseScanner
{
    /// <summary>Reads one response at <paramref name="offset"/>.</summary>
    /// <param name="buffer">The receive buffer.</param>
    /// <param name="offset">Where the unread bytes start.</param>
    /// <param name="count">How many bytes are unread.</param>
    /// <param name="response">The response, when one was read.</param>
    /// <param name="frameSize">The bytes it took, when one was read.</param>
    /// <param name="errorMessage">For an Error frame, the server's message; else null.</param>
    /// <returns>False when more bytes are needed.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid response.</exception>
    public static bool TryRead(byte[] buffer, int offset, int count, out ScannedResponse response, out int frameSize, out string? errorMessage) =>
        TryRead(new ReadOnlyMemory<byte>(buffer, offset, count), ProtocolLimits.Default, out response, out frameSize, out _, out errorMessage);

    /// <summary>Reads one response at the start of <paramref name="unread"/>.</summary>
    /// <param name="unread">The unread bytes, contiguous.</param>
    /// <param name="limits">The largest frame to accept.</param>
    /// <param name="response">The response, when one was read.</param>
    /// <param name="frameSize">The bytes it took, when one was read.</param>
    /// <param name="sid">For a Decision, the deciding statement's Sid as UTF-8 (validated); else empty.</param>
    /// <param name="errorMessage">For an Error frame, the server's message; else null.</param>
    /// <returns>False when more bytes are needed.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid response.</exception>
    public static bool TryRead(
        ReadOnlyMemory<byte> unread,
        in ProtocolLimits limits,
        out ScannedResponse response,
        out int frameSize,
        out ReadOnlySpan<byte> sid,
        out string? errorMessage)
    {
        response = default;
        frameSize = 0;
        sid = default;
        errorMessage = null;

        // One segment, so FrameReader slices the body out of it and never needs a scratch copy.
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(unread));
        FrameReadResult result = FrameReader.TryReadFrame(ref reader, limits, Span<byte>.Empty, out FrameHeader header, out _);
        ReadOnlySpan<byte> body;
        switch (result.Outcome)
        {
            case FrameReadOutcome.NeedMoreData:
                return false;
            case FrameReadOutcome.Invalid:
                ThrowHelper.ThrowInvalidResponse($"invalid frame ({result.Error})");
                break;
        }

        frameSize = (int)reader.Consumed;

        // The same bytes FrameReader sliced (one segment, no scratch), taken from the caller's
        // memory so the Sid can be handed out.
        body = unread.Span.Slice(ProtocolConstants.HeaderSize, header.BodyLength);
        switch (header.Type)
        {
            case FrameType.Decision:
                response = ScanDecision(header.RequestId, body, out sid);
                return true;
            case FrameType.Pong:
                if (body.Length != sizeof(ulong))
                {
                    ThrowHelper.ThrowInvalidResponse("truncated pong");
                }

                response = new ScannedResponse(FrameType.Pong, header.RequestId, ResponseStatus.Ok, Decision.ImplicitDeny, Closing: false, Revision: BinaryPrimitives.ReadUInt64LittleEndian(body));
                return true;
            case FrameType.Error:
                var full = new SequenceReader<byte>(new ReadOnlySequence<byte>(unread[..frameSize]));
                ResponseReader.TryReadResponse(ref full, limits, out ServerResponse? decoded);
                var error = (ErrorResponse)decoded!;
                errorMessage = error.Message;
                response = new ScannedResponse(FrameType.Error, error.RequestId, error.Status, Decision.ImplicitDeny, error.Closing);
                return true;
            case FrameType.Stats:
                response = new ScannedResponse(FrameType.Stats, header.RequestId, ResponseStatus.Ok, Decision.ImplicitDeny, Closing: false);
                return true;
            default:
                ThrowHelper.ThrowInvalidResponse($"unexpected frame type `{header.Type}`");
                return false;
        }
    }

    // The Decision body: status, decision, statement kind, level, policy index, statement index,
    // revision, Sid (u16 length + UTF-8). The same checks as ResponseReader.ReadDecision.
    private static ScannedResponse ScanDecision(ulong requestId, ReadOnlySpan<byte> body, out ReadOnlySpan<byte> sid)
    {
        // (uint) casts: one compare covers both bounds; body comes from the network.
        if ((uint)body.Length < ProtocolConstants.DecisionFixedBodySize)
        {
            ThrowHelper.ThrowInvalidResponse("truncated decision");
        }

        var status = (ResponseStatus)body[0];
        var decision = (Decision)body[1];
        byte kind = body[2];
        byte level = body[3];
        uint policyIndex = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        uint statementIndex = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
        ulong revision = BinaryPrimitives.ReadUInt64LittleEndian(body[12..]);
        int sidLength = BinaryPrimitives.ReadUInt16LittleEndian(body[20..]);
        if (body.Length != ProtocolConstants.DecisionFixedBodySize + sidLength)
        {
            ThrowHelper.ThrowInvalidResponse(body.Length < ProtocolConstants.DecisionFixedBodySize + sidLength ? "truncated decision" : "trailing bytes after the body");
        }

        sid = body.Slice(ProtocolConstants.DecisionFixedBodySize, sidLength);
        if (status > ResponseStatus.NotReady || decision > Decision.ExplicitDeny)
        {
            ThrowHelper.ThrowInvalidResponse($"unknown status `{body[0]}` or decision `{body[1]}`");
        }

        // INVARIANT (fail-closed): the server never sends Allow or ExplicitDeny with a failure.
        if (status != ResponseStatus.Ok && (decision != Decision.ImplicitDeny || kind != ProtocolConstants.NoStatementKind))
        {
            ThrowHelper.ThrowInvalidResponse($"status `{status}` with decision `{decision}`");
        }

        DecidingStatement? statement = null;
        if (kind == ProtocolConstants.NoStatementKind)
        {
            if (level != 0 || policyIndex != 0 || statementIndex != 0 || !sid.IsEmpty)
            {
                ThrowHelper.ThrowInvalidResponse("statement fields without a statement");
            }
        }
        else
        {
            if ((PolicyKind)kind > PolicyKind.VpcEndpoint || policyIndex > int.MaxValue || statementIndex > int.MaxValue)
            {
                ThrowHelper.ThrowInvalidResponse("statement out of range");
            }

            statement = new DecidingStatement((PolicyKind)kind, level, (int)policyIndex, (int)statementIndex);
        }

        if (!Utf8.IsValid(sid))
        {
            ThrowHelper.ThrowInvalidResponse("invalid UTF-8");
        }

        return new ScannedResponse(FrameType.Decision, requestId, status, decision, Closing: false, statement, revision);
    }
}
