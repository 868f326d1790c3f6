using System.Diagnostics;
using Engine.LoadGen.Cli;

namespace Engine.LoadGen.Running;

/// <summary>
/// The open loop's sender: one dedicated thread walks the global schedule and writes each request
/// on its connection when it is due, batching everything already due into one write per
/// connection. A dedicated thread, because a thread-pool timer wakes a millisecond or two late and
/// that lateness would be charged to the server. By default (<see cref="PacerMode.Spin"/>) it
/// sleeps while the next request is over 1.5 ms away and spins with <see cref="Thread.Yield"/>
/// closer than that, which holds a core while requests are microseconds apart; with
/// <see cref="PacerMode.Sleep"/> it sleeps until each request is due (<see cref="PreciseSleep"/>),
/// taking no CPU between requests but a wake-up (a context switch) for each. Which leaves more of a
/// shared machine to the server is measured in docs/benchmarks.md §3. How late each request still
/// went out is recorded (send lag).
/// </summary>
internal static class OpenLoopPacer
{
    private static readonly long s_spinTicks = RunTimeline.SecondsToTicks(0.0015);

    /// <summary>Runs the schedule on a new thread.</summary>
    /// <param name="connections">The connections, receive loops started.</param>
    /// <param name="schedule">The timeline.</param>
    /// <param name="end">No request is due at or after this.</param>
    /// <param name="mode">How to wait between requests.</param>
    /// <param name="stop">Ctrl+C or a failed receiver.</param>
    /// <returns>Completes when every connection got its end marker.</returns>
    public static Task RunAsync(IOpenLoopSender[] connections, OpenLoopSchedule schedule, long end, PacerMode mode, CancellationToken stop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                if (mode == PacerMode.Sleep)
                {
                    PreciseSleep.UseFineTimerSlack();
                }

                Run(connections, schedule, end, mode, stop);
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

    private static void Run(IOpenLoopSender[] connections, OpenLoopSchedule schedule, long end, PacerMode mode, CancellationToken stop)
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

                WaitUntil(intended, mode);
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

    private static void WaitUntil(long intended, PacerMode mode)
    {
        if (mode == PacerMode.Sleep)
        {
            PreciseSleep.Until(intended);
            return;
        }

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
