using System.Buffers;
using System.Diagnostics;
using Engine.Protocol;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Server;

// Answers the frames of one read batch. Synchronous on purpose: the frame views are spans over the
// pipe's buffer, valid only until AdvanceTo, so nothing here may await.
internal sealed partial class ServerConnection
{
    private BatchEnd AnswerBatch(in ReadOnlySequence<byte> buffer, out SequencePosition consumed, out int answered)
    {
        var reader = new SequenceReader<byte>(buffer);
        Span<byte> scratch = _scratch;
        answered = 0;
        BatchEnd end;
        while (true)
        {
            if (reader.End)
            {
                end = BatchEnd.Empty;
                break;
            }

            if (answered >= _maxInFlight || _output.UnflushedBytes >= _flushThreshold)
            {
                end = BatchEnd.Limit;
                break;
            }

            long frameStart = reader.Consumed;
            Span<byte> frameScratch = scratch;
            int largeFrame = _largeFrameBytes != 0 ? (int)_largeFrameBytes : PeekLargeFrameSize(reader);
            if (largeFrame != 0)
            {
                if (_largeFrameBytes == 0 && !TryReserveLargeFrame(reader, largeFrame))
                {
                    answered++;
                    end = BatchEnd.Close;
                    break;
                }

                if (reader.Remaining < largeFrame)
                {
                    end = BatchEnd.Partial;
                    break;
                }

                if (reader.UnreadSpan.Length < largeFrame)
                {
                    // Not pooled: a pool would keep it (and its peak) after the burst.
                    frameScratch = GC.AllocateUninitializedArray<byte>(largeFrame);
                }
            }

            FrameReadResult read = FrameReader.TryReadFrame(ref reader, _limits, frameScratch, out FrameHeader header, out ReadOnlySpan<byte> body);
            if (read.Outcome == FrameReadOutcome.NeedMoreData)
            {
                end = BatchEnd.Partial;
                break;
            }

            if (read.Outcome != FrameReadOutcome.Invalid && header.Type == FrameType.Query && !AnswerQuery(header, body))
            {
                // Its policy set is compiling off this thread: leave the frame in the pipe and
                // answer it, and what follows it, once the compile is done (order is kept).
                reader.Rewind(reader.Consumed - frameStart);
                end = BatchEnd.Compiling;
                break;
            }

            answered++;
            Count(StatsCounter.Requests);
            _metrics.Request();
            if (read.Outcome == FrameReadOutcome.Invalid)
            {
                WriteError(header.RequestId, read.Error, read.CloseConnection);
                if (read.CloseConnection)
                {
                    ServerLog.ProtocolError(_logger, Id, read.Error.ToString());
                    end = BatchEnd.Close;
                    break;
                }

                if (largeFrame != 0)
                {
                    EndLargeFrame();
                }

                continue;
            }

            switch (header.Type)
            {
                case FrameType.Query:
                    // Answered above.
                    break;
                case FrameType.Ping:
                    FrameWriter.WritePong(_output, header.RequestId, _policies.Current.Revision);
                    break;
                case FrameType.StatsRequest:
                    AnswerStats(header.RequestId);
                    break;
                case FrameType.Hello:
                    // Without a token, or a second Hello after the handshake: nothing to check (docs/wire-protocol.md §10).
                    FrameWriter.WritePong(_output, header.RequestId, _policies.Current.Revision);
                    break;
                default:
                    // A response type (Decision, Pong, Stats, Error) sent to the server.
                    WriteError(header.RequestId, ResponseStatus.UnsupportedFrameType, closing: false);
                    break;
            }

            if (largeFrame != 0)
            {
                EndLargeFrame();
            }
        }

        consumed = reader.Position;
        return end;
    }

    // False when the query's policy set is still to be compiled: nothing was written, and the
    // compile to wait for is in _pendingCompile. A query is deferred at most once (_resumed), so a
    // compile that failed is reported by the blocking resolve below rather than retried forever.
    private bool AnswerQuery(in FrameHeader header, ReadOnlySpan<byte> body)
    {
        long started = _metrics.LatencyEnabled ? Stopwatch.GetTimestamp() : 0;

        // INVARIANT (one-snapshot): the source is read once; the whole answer comes from it.
        IPolicySource source = _policies.Current;
        ulong revision = source.Revision;
        if (!QueryFrame.TryParse(header, body, _limits, out QueryFrame query, out ResponseStatus error))
        {
            Answer(header.RequestId, error, Decision.ImplicitDeny, null, revision);
            return true;
        }

        AuthorizationRequest request = _request!;
        try
        {
            query.FillRequest(request);
            if (_contextValidator is not null && !IsContextValid(header.RequestId, request, _contextValidator))
            {
                return true;
            }

            bool known;
            CompiledPolicySet? set;
            if (_resumed)
            {
                _resumed = false;
                known = source.TryResolve(request, out set);
            }
            else
            {
                known = source.TryResolve(request, out set, out Task? pending);
                if (pending is not null)
                {
                    _pendingCompile = pending;
                    return false;
                }
            }

            if (!known || set is null)
            {
                Answer(header.RequestId, ResponseStatus.UnknownPrincipal, Decision.ImplicitDeny, null, revision);
            }
            else
            {
                source.Enrich(request);
                EvaluationResult result = set.Evaluate(request);
                if (result.Status != EvaluationStatus.Ok)
                {
                    Answer(header.RequestId, ResponseStatus.Malformed, Decision.ImplicitDeny, null, revision);
                }
                else
                {
                    Answer(header.RequestId, ResponseStatus.Ok, result.Decision, set.DecidingStatement(result), revision);
                }
            }
        }
        // A bug must cost one answer, not the connection, and never an Allow.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ServerLog.InternalError(_logger, Id, e);
            Answer(header.RequestId, ResponseStatus.InternalError, Decision.ImplicitDeny, null, revision);
        }
        finally
        {
            request.Reset();
        }

        _metrics.Latency(Durations, started);
        return true;
    }

    // The typed-context check (ServerOptions.ContextValidator): a context that does not fit its keys'
    // types is not decided. An Error frame, not a Decision, because only an Error carries a message to
    // name the key; it is a per-request error, so the connection stays open (docs/wire-protocol.md §7).
    // Not logged: a client's encoding slip must not become a log line per request.
    private bool IsContextValid(ulong requestId, AuthorizationRequest request, ContextValidator validator)
    {
        ContextCheck check = validator.Check(request);
        if (check.IsValid)
        {
            return true;
        }

        FrameWriter.WriteError(_output, requestId, ResponseStatus.Malformed, closing: false, check.Describe(request).AsSpan());
        Count(StatsCounters.ForError(ResponseStatus.Malformed));
        _metrics.Error(ResponseStatus.Malformed);
        return false;
    }

    private void Answer(ulong requestId, ResponseStatus status, Decision decision, StatementRef? statement, ulong revision)
    {
        FrameWriter.WriteDecision(_output, requestId, status, decision, statement, revision);
        if (status == ResponseStatus.Ok)
        {
            Count(StatsCounter.DecisionsImplicitDeny + (int)decision);
            _metrics.Decision(decision);
        }
        else
        {
            Count(StatsCounters.ForError(status));
            _metrics.Error(status);
        }
    }

    private void AnswerStats(ulong requestId)
    {
        Span<ulong> counters = stackalloc ulong[StatsCounters.Count];
        _server.FillStats(counters);
        FrameWriter.WriteStats(_output, requestId, counters);
    }

    private void WriteError(ulong requestId, ResponseStatus status, bool closing) =>
        WriteError(requestId, status, closing, ErrorMessage(status));

    private void WriteError(ulong requestId, ResponseStatus status, bool closing, ReadOnlySpan<byte> message)
    {
        FrameWriter.WriteError(_output, requestId, status, closing, message);
        Count(StatsCounters.ForError(status));
        _metrics.Error(status);
    }

    private static ReadOnlySpan<byte> ErrorMessage(ResponseStatus status) => status switch
    {
        ResponseStatus.Malformed => "malformed frame"u8,
        ResponseStatus.TooLarge => "frame too large"u8,
        ResponseStatus.UnsupportedVersion => "unsupported protocol version"u8,
        ResponseStatus.UnsupportedFrameType => "unsupported frame type"u8,
        _ => "request failed"u8,
    };

    // Single writer (this connection's loop); the stats reader uses Volatile.Read.
    private void Count(StatsCounter counter) => Volatile.Write(ref Counters[(int)counter], Counters[(int)counter] + 1);
}
