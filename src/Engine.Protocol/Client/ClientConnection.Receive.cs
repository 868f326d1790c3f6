using System.Net.Sockets;

namespace Engine.Protocol.Client;

// The receive side: one loop per connection reads into one buffer and dispatches every whole
// response in it. Allocation-free for Decision frames (ResponseScanner, SidCache).
internal sealed partial class ClientConnection
{
    private const int InitialReceiveBuffer = 64 * 1024;
    private readonly SidCache _sids = new();
    private byte[] _buffer;

    private async Task ReceiveLoopAsync()
    {
        // Off the caller's thread (and its synchronization context) from the first await on.
        await Task.Yield();
        Exception reason;
        try
        {
            int start = 0;
            int end = 0;
            while (true)
            {
                if (end == _buffer.Length)
                {
                    MakeRoom(ref start, ref end);
                }

                int received = _tls is null
                    ? await _socket.ReceiveAsync(_buffer.AsMemory(end), SocketFlags.None).ConfigureAwait(false)
                    : await _tls.ReadAsync(_buffer.AsMemory(end)).ConfigureAwait(false);
                if (received == 0)
                {
                    reason = new EngineConnectionException($"the engine server at `{_owner.Address}` closed the connection before the answer came");
                    break;
                }

                end += received;
                if (!Dispatch(ref start, end, out reason!))
                {
                    break;
                }

                if (start == end)
                {
                    start = end = 0;
                }
            }
        }
        catch (Exception e)
        {
            // Every way out closes the connection, so no query in flight is left waiting.
            reason = new EngineConnectionException(
                e is InvalidDataException
                    ? $"the engine server at `{_owner.Address}` sent a malformed response; the connection is closed"
                    : $"the connection to the engine server at `{_owner.Address}` failed",
                e);
        }

        Close(reason);
    }

    // Moves the unread bytes to the front, or grows the buffer when one frame fills it (up to the
    // largest frame the limits allow; FrameReader rejects a larger one).
    private void MakeRoom(ref int start, ref int end)
    {
        if (start > 0)
        {
            Buffer.BlockCopy(_buffer, start, _buffer, 0, end - start);
            end -= start;
            start = 0;
            return;
        }

        byte[] larger = new byte[Math.Min(_buffer.Length * 2, Math.Max(_owner.Options.Limits.MaxFrameSize, _buffer.Length + 1))];
        Buffer.BlockCopy(_buffer, 0, larger, 0, end);
        _buffer = larger;
    }

    // Hands every whole response in [start, end) to its slot; false (with the reason) when the
    // server closes the connection.
    private bool Dispatch(ref int start, int end, out Exception? reason)
    {
        reason = null;
        while (ResponseScanner.TryRead(
            _buffer.AsMemory(start, end - start), _owner.Options.Limits, out ScannedResponse response, out int frameSize, out ReadOnlySpan<byte> sid, out string? message))
        {
            int frameStart = start;
            start += frameSize;
            if (response.Type == FrameType.Error && (response.Closing || response.RequestId == 0))
            {
                var refused = new EngineServerException(response.Status, message ?? string.Empty);
                if (_owner.TryClaim(response.RequestId, out PendingRequest? failed))
                {
                    failed!.Fail(refused);
                }

                reason = new EngineConnectionException($"the engine server at `{_owner.Address}` closed the connection: {response.Status} ({message})", refused);
                return false;
            }

            if (!_owner.TryClaim(response.RequestId, out PendingRequest? slot))
            {
                // A late answer to a cancelled query (or an id we never sent): dropped.
                continue;
            }

            if (response.Type == FrameType.Error)
            {
                slot!.Fail(new EngineServerException(response.Status, message ?? string.Empty));
            }
            else if (response.Type != slot!.Expected)
            {
                slot.Fail(new InvalidDataException($"malformed response from the server: `{response.Type}` answered a request that expects `{slot.Expected}`"));
            }
            else if (response.Type == FrameType.Decision)
            {
                slot.Complete(new DecisionResult(response.RequestId, response.Status, response.Decision, response.Statement, _sids.Get(sid), response.Revision));
            }
            else if (response.Type == FrameType.Pong)
            {
                slot.Complete(new PongResponse(response.RequestId, response.Revision));
            }
            else
            {
                // Stats: rare, decoded in full (allocates).
                var reader = new System.Buffers.SequenceReader<byte>(new System.Buffers.ReadOnlySequence<byte>(_buffer, frameStart, frameSize));
                ResponseReader.TryReadResponse(ref reader, _owner.Options.Limits, out ServerResponse? stats);
                slot.Complete(stats!);
            }
        }

        return true;
    }
}
