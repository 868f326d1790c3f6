using System.Diagnostics;

namespace Engine.LoadGen.Running;

/// <summary>
/// The open loop's sender: one dedicated thread walks the global schedule and writes each request
/// on its connection when it is due, batching everything already due into one write per
/// connection. A dedicated thread, because a thread-pool timer wakes a millisecond or two late and
/// that lateness would be charged to the server: it sleeps while the next request is over
/// 1.5 ms away and otherwise spins with <see cref="Thread.Yield"/>, which gives the core to the
/// server when it has work. How late each request still went out is recorded (send lag).
/// </summary>
internal static class OpenLoopPacer
{
    private static readonly long s_spinTicks = RunTimeline.SecondsToTicks(0.0015);

    /// <summary>Runs the schedule on a new thread.</summary>
    /// <param name="connections">The connections, receive loops started.</param>
    /// <param name="schedule">The timeline.</param>
    /// <param name="end">No request is due at or after this.</param>
    /// <param name="stop">Ctrl+C or a failed receiver.</param>
    /// <returns>Completes when every connection got its end marker.</returns>
    public static Task RunAsync(IOpenLoopSender[] connections, OpenLoopSchedule schedule, long end, CancellationToken stop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(connections, schedule, end, stop);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "open-loop pacer",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        return done.Task;
    }

    private static void Run(IOpenLoopSender[] connections, OpenLoopSchedule schedule, long end, CancellationToken stop)
    {
        int n = connections.Length;
        long k = 0;
        bool[] pending = new bool[n];
        try
        {
            // Bounded: k only grows, and the schedule passes `end` after finitely many requests.
            while (!stop.IsCancellationRequested)
            {
                long intended = schedule.IntendedTime((int)(k % n), k / n);
                if (intended >= end)
                {
                    break;
                }

                WaitUntil(intended);
                long now = Stopwatch.GetTimestamp();
                while (intended <= now && intended < end)
                {
                    int c = (int)(k % n);
                    connections[c].SendEnqueue(intended, stop);
                    pending[c] = true;
                    k++;
                    intended = schedule.IntendedTime((int)(k % n), k / n);
                }

                for (int c = 0; c < n; c++)
                {
                    if (pending[c])
                    {
                        connections[c].SendFlush();
                        pending[c] = false;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Interrupted or a receiver failed: still mark the end on every connection that works.
        }

        foreach (IOpenLoopSender connection in connections)
        {
            try
            {
                connection.SendEndMarker();
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // That connection's receiver reports the failure.
            }
        }
    }

    private static void WaitUntil(long intended)
    {
        // Bounded by the clock.
        while (true)
        {
            long remaining = intended - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > s_spinTicks)
            {
                Thread.Sleep((int)Math.Max(1, (remaining - s_spinTicks) * 1000 / Stopwatch.Frequency));
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
