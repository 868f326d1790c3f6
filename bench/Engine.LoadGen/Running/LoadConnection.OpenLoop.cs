using System.Net.Sockets;
using Engine.Protocol;

namespace Engine.LoadGen.Running;

// Open loop (like wrk2): requests go out on the fixed timeline of OpenLoopSchedule whatever the
// server does, and latency is measured from the intended send time. One OpenLoopPacer thread sends
// for every connection (Send* below, called on that thread only); each connection has an async
// receive loop. A semaphore caps what is in flight: when it is hit the pacer falls behind its
// timeline, and that lateness shows in the latency, as it must.
internal sealed partial class LoadConnection
{
    private static readonly byte[] s_endMarker = EncodeEndMarker();

    private SemaphoreSlim? _openSlots;

    /// <summary>Starts the receive loop of an open-loop run; the pacer then calls the Send* methods.</summary>
    /// <param name="maxInFlight">The most requests outstanding on this connection.</param>
    /// <returns>The receive loop: ends at the end marker's Pong.</returns>
    public Task StartOpenLoopReceiver(int maxInFlight)
    {
        _openSlots = new SemaphoreSlim(maxInFlight, maxInFlight);
        return ReceiveOpenLoopAsync(_openSlots);
    }

    /// <summary>Pacer thread: appends a request due at <paramref name="intended"/>, flushing first when full.</summary>
    /// <param name="intended">Its intended send time.</param>
    /// <param name="stop">Ends a wait for a free slot.</param>
    public void SendEnqueue(long intended, CancellationToken stop)
    {
        if (!HasRoomForFrame)
        {
            SendFlush();
        }

        if (!_openSlots!.Wait(0, CancellationToken.None))
        {
            SendFlush();
            _openSlots.Wait(stop);
        }

        Enqueue(intended);
    }

    /// <summary>Pacer thread: writes what was appended.</summary>
    public void SendFlush()
    {
        int offset = 0;

        // Bounded: each pass sends at least one byte or throws.
        while (offset < _sendLength)
        {
            int sent = _socket.Send(_sendBuffer, offset, _sendLength - offset, SocketFlags.None);
            if (sent <= 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            offset += sent;
        }

        _sendLength = 0;
    }

    /// <summary>Pacer thread: sends a Ping whose Pong follows every earlier answer, the receiver's signal to stop.</summary>
    public void SendEndMarker()
    {
        if (_sendBuffer.Length - _sendLength < s_endMarker.Length)
        {
            SendFlush();
        }

        s_endMarker.CopyTo(_sendBuffer.AsSpan(_sendLength));
        _sendLength += s_endMarker.Length;
        SendFlush();
    }

    private async Task ReceiveOpenLoopAsync(SemaphoreSlim slots)
    {
        // Yield first so the caller goes on to start the pacer.
        await Task.Yield();

        // Bounded: ends at the end marker's Pong; a silent server is cut off by the runner closing the socket.
        while (true)
        {
            if (!await ReceiveAsync().ConfigureAwait(false))
            {
                throw new InvalidDataException($"the server closed the connection with {Sent - Counters.Completed} requests unanswered");
            }

            long now = Now();
            while (TryTakeResponse(out ScannedResponse response, out string? errorMessage))
            {
                if (!Complete(response, errorMessage, now))
                {
                    return;
                }

                slots.Release();
            }
        }
    }

    private static byte[] EncodeEndMarker()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(ProtocolConstants.HeaderSize);
        FrameWriter.WritePing(buffer, EndMarkerId);
        return buffer.WrittenSpan.ToArray();
    }
}
