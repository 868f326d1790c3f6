using Engine.Protocol;

namespace Engine.LoadGen.Running;

// Closed loop (like wrk): `pipeline` requests in flight; each answer lets one more out. Latency is
// measured from the actual send, since the next send waits for an answer by design; the
// throughput is the result. One async loop does both directions.
internal sealed partial class LoadConnection
{
    /// <summary>Runs the closed loop until the timeline's end, then drains what is in flight.</summary>
    /// <param name="pipeline">Requests in flight.</param>
    /// <returns>When every sent request is answered (or the socket was closed under it).</returns>
    public async Task RunClosedLoopAsync(int pipeline)
    {
        long now = Now();
        int inFlight = 0;
        while (inFlight < pipeline && now < _timeline.MeasureEnd)
        {
            if (!HasRoomForFrame)
            {
                await FlushAsync().ConfigureAwait(false);
            }

            Enqueue(now);
            inFlight++;
        }

        await FlushAsync().ConfigureAwait(false);

        // Bounded: each pass consumes bytes from the server, and no request is sent after
        // MeasureEnd, so the loop ends once the last answer is in; a silent server is cut off by
        // the runner closing the socket.
        while (inFlight > 0)
        {
            if (!await ReceiveAsync().ConfigureAwait(false))
            {
                throw new InvalidDataException($"the server closed the connection with {inFlight} requests unanswered");
            }

            now = Now();
            bool sending = now < _timeline.MeasureEnd;
            while (TryTakeResponse(out ScannedResponse response, out string? errorMessage))
            {
                if (!Complete(response, errorMessage, now))
                {
                    continue;
                }

                inFlight--;
                if (sending)
                {
                    if (!HasRoomForFrame)
                    {
                        await FlushAsync().ConfigureAwait(false);
                    }

                    Enqueue(Now());
                    inFlight++;
                }
            }

            if (_sendLength > 0)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }
    }
}
