using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Engine.Runtime.Evaluation;

namespace Engine.Protocol;

/// <summary>
/// Decodes the server's responses on the client side. Allocates (records, strings): clients are
/// not the hot path. Decoding is strict — a response that breaks the format, or a non-Ok status
/// with anything but <c>ImplicitDeny</c>, throws rather than being read leniently, so a broken
/// server can never be read as granting access.
/// </summary>
public static class ResponseReader
{
    /// <summary>Reads one response frame at the reader's position.</summary>
    /// <param name="reader">The connection's unread bytes; advanced past the frame when one is read.</param>
    /// <param name="limits">The largest frame to accept.</param>
    /// <param name="response">The response, when one was read.</param>
    /// <returns>False when more bytes are needed (nothing consumed).</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid response.</exception>
    public static bool TryReadResponse(ref SequenceReader<byte> reader, in ProtocolLimits limits, out ServerResponse? response)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(limits.MaxFrameSize);
        try
        {
            FrameReadResult result = FrameReader.TryReadFrame(ref reader, limits, scratch, out FrameHeader header, out ReadOnlySpan<byte> body);
            switch (result.Outcome)
            {
                case FrameReadOutcome.NeedMoreData:
                    response = null;
                    return false;
                case FrameReadOutcome.Invalid:
                    ThrowHelper.ThrowInvalidResponse($"invalid frame ({result.Error})");
                    break;
            }

            var cursor = new BodyCursor(body);
            response = header.Type switch
            {
                FrameType.Decision => ReadDecision(header, ref cursor),
                FrameType.Pong => ReadPong(header, ref cursor),
                FrameType.Stats => ReadStats(header, ref cursor),
                FrameType.Error => ReadError(header, ref cursor),
                _ => Reject<ServerResponse>($"unexpected frame type `{header.Type}`"),
            };
            if (!cursor.IsAtEnd)
            {
                Reject<ServerResponse>("trailing bytes after the body");
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static DecisionResponse ReadDecision(in FrameHeader header, ref BodyCursor cursor)
    {
        if (!cursor.TryReadByte(out byte statusByte)
            || !cursor.TryReadByte(out byte decisionByte)
            || !cursor.TryReadByte(out byte kindByte)
            || !cursor.TryReadByte(out byte level)
            || !cursor.TryReadUInt32(out uint policyIndex)
            || !cursor.TryReadUInt32(out uint statementIndex)
            || !cursor.TryReadUInt64(out ulong revision)
            || !cursor.TryReadString(out ReadOnlySpan<byte> sid))
        {
            return Reject<DecisionResponse>("truncated decision");
        }

        var status = (ResponseStatus)statusByte;
        var decision = (Decision)decisionByte;
        if (status > ResponseStatus.NotReady || decision > Decision.ExplicitDeny)
        {
            return Reject<DecisionResponse>("unknown status or decision");
        }

        // INVARIANT (fail-closed): the server never sends Allow or ExplicitDeny with a failure.
        if (status != ResponseStatus.Ok && (decision != Decision.ImplicitDeny || kindByte != ProtocolConstants.NoStatementKind))
        {
            return Reject<DecisionResponse>($"status `{status}` with decision `{decision}`");
        }

        DecidingStatement? statement = null;
        if (kindByte == ProtocolConstants.NoStatementKind)
        {
            if (level != 0 || policyIndex != 0 || statementIndex != 0 || !sid.IsEmpty)
            {
                return Reject<DecisionResponse>("statement fields without a statement");
            }
        }
        else
        {
            if ((PolicyKind)kindByte > PolicyKind.VpcEndpoint || policyIndex > int.MaxValue || statementIndex > int.MaxValue)
            {
                return Reject<DecisionResponse>("statement out of range");
            }

            statement = new DecidingStatement((PolicyKind)kindByte, level, (int)policyIndex, (int)statementIndex);
        }

        return new DecisionResponse(header.RequestId, status, decision, statement, DecodeText(sid), revision);
    }

    private static PongResponse ReadPong(in FrameHeader header, ref BodyCursor cursor) =>
        cursor.TryReadUInt64(out ulong revision)
            ? new PongResponse(header.RequestId, revision)
            : Reject<PongResponse>("truncated pong");

    private static StatsResponse ReadStats(in FrameHeader header, ref BodyCursor cursor)
    {
        if (!cursor.TryReadUInt16(out ushort count))
        {
            return Reject<StatsResponse>("truncated stats");
        }

        ulong[] counters = new ulong[count];
        for (int i = 0; i < counters.Length; i++)
        {
            if (!cursor.TryReadUInt64(out counters[i]))
            {
                return Reject<StatsResponse>("truncated stats");
            }
        }

        return new StatsResponse(header.RequestId, counters);
    }

    private static ErrorResponse ReadError(in FrameHeader header, ref BodyCursor cursor)
    {
        if (!cursor.TryReadByte(out byte statusByte) || !cursor.TryReadString(out ReadOnlySpan<byte> message))
        {
            return Reject<ErrorResponse>("truncated error");
        }

        var status = (ResponseStatus)statusByte;
        if (status is ResponseStatus.Ok or > ResponseStatus.Unauthorized)
        {
            return Reject<ErrorResponse>($"error with status `{statusByte}`");
        }

        bool closing = (header.Flags & FrameFlags.Closing) != 0;
        return new ErrorResponse(header.RequestId, status, closing, DecodeText(message));
    }

    private static string DecodeText(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            Reject<string>("invalid UTF-8");
        }

        return Encoding.UTF8.GetString(utf8);
    }

    // The one way out for a bad response; generic so each reader can "return" it.
    private static T Reject<T>(string reason)
    {
        ThrowHelper.ThrowInvalidResponse(reason);
        return default!;
    }
}
