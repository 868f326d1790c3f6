using Engine.Host.Protocol;

namespace Engine.LoadGen.Running;

// Open loop (like wrk2): requests go out on the fixed timeline of OpenLoopSchedule whatever the
// server does, and latency is measured from the intended send time. A sender and a receiver loop
// share the socket; a semaphore caps what is in flight (when the cap is hit the sender falls
// behind its timeline, and that lateness shows in the latency, as it must).
internal sealed partial class LoadConnection
{
    // Waits shorter than this spin on the thread pool instead of a timer, whose lateness (about a
    // millisecond) would otherwise be charged to the server.
    private static readonly long s_spinTicks = RunTimeline.SecondsToTicks(0.0015);

    private static readonly byte[] s_endMarker = EncodeEndMarker();

    /// <summary>Runs the open loop until the timeline's end, then drains what is in flight.</summary>
    /// <param name="schedule">The fixed timeline.</param>
    /// <param name="maxInFlight">The most requests outstanding on this connection.</param>
    /// <param name="stop">Ends the sender early (Ctrl+C).</param>
    /// <returns>When every sent request is answered.</returns>
    public async Task RunOpenLoopAsync(OpenLoopSchedule schedule, int maxInFlight, CancellationToken stop)
    {
        using var slots = new SemaphoreSlim(maxInFlight, maxInFlight);

        // A broken receiver must not leave the sender waiting for slots that never come back.
        using var receiverFailed = CancellationTokenSource.CreateLinkedTokenSource(stop);
        Task receiver = ReceiveOpenLoopAsync(slots, receiverFailed);
        await SendOpenLoopAsync(schedule, slots, receiver, receiverFailed.Token).ConfigureAwait(false);
        await receiver.ConfigureAwait(false);
    }

    private async Task SendOpenLoopAsync(OpenLoopSchedule schedule, SemaphoreSlim slots, Task receiver, CancellationToken stop)
    {
        long sequence = 0;
        try
        {
            // Bounded: the schedule passes MeasureEnd after a finite number of requests.
            while (!stop.IsCancellationRequested)
            {
                long intended = schedule.IntendedTime(_index, sequence);
                if (intended >= _timeline.MeasureEnd)
                {
                    break;
                }

                await WaitUntilAsync(intended, stop).ConfigureAwait(false);

                // Everything already due goes out in one write.
                long now = Now();
                while (intended <= now && intended < _timeline.MeasureEnd && HasRoomForFrame)
                {
                    if (!slots.Wait(0, CancellationToken.None))
                    {
                        await FlushAsync().ConfigureAwait(false);
                        await slots.WaitAsync(stop).ConfigureAwait(false);
                    }

                    Enqueue(intended);
                    intended = schedule.IntendedTime(_index, ++sequence);
                }

                await FlushAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C: stop sending, still mark the end so the receiver can drain; or the receiver
            // failed, and it reports why.
            if (receiver.IsCompleted)
            {
                return;
            }
        }

        // The Pong to this Ping comes after every earlier answer: the receiver's signal to stop.
        if (_sendBuffer.Length - _sendLength < s_endMarker.Length)
        {
            await FlushAsync().ConfigureAwait(false);
        }

        s_endMarker.CopyTo(_sendBuffer.AsSpan(_sendLength));
        _sendLength += s_endMarker.Length;
        await FlushAsync().ConfigureAwait(false);
    }

    private async Task ReceiveOpenLoopAsync(SemaphoreSlim slots, CancellationTokenSource failed)
    {
        try
        {
            await ReceiveOpenLoopCoreAsync(slots).ConfigureAwait(false);
        }
        catch
        {
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ReceiveOpenLoopCoreAsync(SemaphoreSlim slots)
    {
        // Yield first so the sender starts on the caller's thread.
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

    private static async ValueTask WaitUntilAsync(long intended, CancellationToken stop)
    {
        // Bounded by the clock: each pass either sleeps toward `intended` or yields once.
        while (true)
        {
            long remaining = intended - Now();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > s_spinTicks)
            {
                long sleepMs = (remaining - s_spinTicks) * 1000 / System.Diagnostics.Stopwatch.Frequency;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, sleepMs)), stop).ConfigureAwait(false);
            }
            else
            {
                await Task.Yield();
            }
        }
    }
}
