using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Engine.LoadGen.Cli;
using Engine.LoadGen.Reporting;
using Engine.LoadGen.Workload;
using Engine.Protocol;
using HdrHistogram;

namespace Engine.LoadGen.Running;

/// <summary>
/// Runs one load test against a server that is already up: opens the connections, runs the loops
/// for warmup + measured window, reads the server's Stats at both ends of the window, prints a
/// progress line each second, and merges the per-connection histograms into the summary.
/// </summary>
internal static class LoadRunner
{
    /// <summary>How long in-flight requests may take to be answered after the window before they count as errors.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Runs the test.</summary>
    /// <param name="address">The server.</param>
    /// <param name="workload">The requests.</param>
    /// <param name="options">Connections, pipeline, rate, durations.</param>
    /// <param name="progress">Where the progress lines go, or null for none.</param>
    /// <param name="metricsUrl">The server's <c>GET /metrics</c>, scraped at both ends of the window for its own request durations, or null.</param>
    /// <param name="stop">Ctrl+C: ends the run early.</param>
    /// <returns>The summary.</returns>
    public static async Task<LoadSummary> RunAsync(ServerAddress address, CaseWorkload workload, LoadGenOptions options, TextWriter? progress, Uri? metricsUrl, CancellationToken stop)
    {
        using ServerDurationProbe? probe = metricsUrl is null ? null : new ServerDurationProbe(metricsUrl, "binary");
        using ControlChannel control = await ControlChannel.OpenAsync(address, stop, options.Security).ConfigureAwait(false);
        Socket[] sockets = await Task.WhenAll(Enumerable.Range(0, options.Connections)
            .Select(_ => address.ConnectAsync(TimeSpan.FromSeconds(5), stop))).ConfigureAwait(false);
        Stream?[] streams = options.Security is { } security
            ? await Task.WhenAll(sockets.Select(s => security.HandshakeAsync(s, address, stop))).ConfigureAwait(false)
            : new Stream?[sockets.Length];

        // A first scrape before the clock starts: the server's first /metrics answer runs its
        // exporter cold (JIT), which on a busy machine took longer than a short window, so the
        // window's opening scrape landed after the window's requests (0 server requests counted).
        if (probe is not null)
        {
            await probe.BeginAsync(stop).ConfigureAwait(false);
        }

        int maxInFlight = options.Pipeline;
        RunTimeline timeline = RunTimeline.From(Stopwatch.GetTimestamp(), options.Warmup, options.Seconds);
        LoadConnection[] connections = [.. sockets.Select((s, i) => new LoadConnection(s, streams[i], workload, i, timeline, maxInFlight))];
        try
        {
            // The scrape before the Stats: what serving it allocates must not count as the window's.
            if (options.Warmup == 0 && probe is not null)
            {
                await probe.BeginAsync(stop).ConfigureAwait(false);
            }

            StatsResponse? before = options.Warmup == 0 ? await control.GetStatsAsync(stop).ConfigureAwait(false) : null;
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(stop);
            Task[] loops;
            if (options.Rate is double rate)
            {
                // A receiver that fails cancels the pacer, which could otherwise wait for its slots.
                loops = [.. connections.Select(c => c.StartOpenLoopReceiver(maxInFlight).ContinueWith(
                    t =>
                    {
                        if (t.IsFaulted)
                        {
                            failed.Cancel();
                        }

                        return t;
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default).Unwrap())];
                Task pacer = OpenLoopPacer.RunAsync(connections, new OpenLoopSchedule(timeline.Start, rate, connections.Length, Stopwatch.Frequency), timeline.MeasureEnd, options.Pacer, failed.Token);
                loops = [.. loops, pacer];
            }
            else
            {
                loops = [.. connections.Select(c => Task.Run(() => c.RunClosedLoopAsync(options.Pipeline), CancellationToken.None))];
            }

            var total = new LongHistogram(LoadConnection.HighestTrackableMicroseconds, LoadConnection.SignificantDigits);
            before = await MonitorAsync(connections, loops, timeline, control, probe, before, total, progress, stop).ConfigureAwait(false);
            double measured = stop.IsCancellationRequested ? timeline.MeasuredSecondsAt(Stopwatch.GetTimestamp()) : options.Seconds;
            StatsResponse? after = await TryGetStatsAsync(control, stop).ConfigureAwait(false);

            // After the Stats, for the same reason.
            ServerDurationResult? server = probe is null ? null : await probe.EndAsync(stop).ConfigureAwait(false);
            Collect(connections, total);
            var lag = new LongHistogram(LoadConnection.HighestTrackableMicroseconds, LoadConnection.SignificantDigits);
            foreach (LoadConnection connection in connections)
            {
                lag.Add(connection.SendLag.GetIntervalHistogram());
            }

            return Summarize(options, workload, connections, total, before, after) with { SendLag = lag, Seconds = measured, ServerDuration = server };
        }
        finally
        {
            foreach (LoadConnection connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    // Wakes each second (and at the end of the warmup) until every loop ended, or the drain timed
    // out, or Ctrl+C: then it closes the sockets, which ends any loop still waiting.
    private static async Task<StatsResponse?> MonitorAsync(
        LoadConnection[] connections,
        Task[] loops,
        RunTimeline timeline,
        ControlChannel control,
        ServerDurationProbe? probe,
        StatsResponse? before,
        LongHistogram total,
        TextWriter? progress,
        CancellationToken stop)
    {
        Task all = Task.WhenAll(loops);
        long drainDeadline = timeline.MeasureEnd + RunTimeline.SecondsToTicks(DrainTimeout.TotalSeconds);
        long second = Stopwatch.Frequency;
        long nextTick = timeline.Start + second;
        long lastCompleted = 0;
        long lastTick = timeline.Start;

        // Bounded: the drain deadline ends it at the latest, and Ctrl+C earlier.
        while (!all.IsCompleted)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= drainDeadline || stop.IsCancellationRequested)
            {
                break;
            }

            long nextEvent = before is null ? Math.Min(nextTick, timeline.MeasureStart) : nextTick;
            if (nextEvent > now)
            {
                var wait = TimeSpan.FromSeconds((double)(nextEvent - now) / Stopwatch.Frequency);
                await Task.WhenAny(all, Task.Delay(wait, stop)).ConfigureAwait(false);
                continue;
            }

            if (before is null && now >= timeline.MeasureStart)
            {
                if (probe is not null)
                {
                    await probe.BeginAsync(stop).ConfigureAwait(false);
                }

                before = await TryGetStatsAsync(control, stop).ConfigureAwait(false);
                if (nextTick > now)
                {
                    continue;
                }
            }

            Collect(connections, total);
            long completed = connections.Sum(c => c.Counters.Completed);
            double elapsed = (double)(now - lastTick) / Stopwatch.Frequency;
            progress?.WriteLine(timeline.ProgressLine(now, (completed - lastCompleted) / elapsed, total, connections.Sum(c => c.Counters.Errors), connections.Sum(c => c.Counters.Mismatches)));
            lastCompleted = completed;
            lastTick = now;
            nextTick += second;
        }

        if (!all.IsCompleted)
        {
            foreach (LoadConnection connection in connections)
            {
                connection.Dispose();
            }
        }

        // The loops end promptly once their sockets are closed; their faults are read below.
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        for (int i = 0; i < connections.Length; i++)
        {
            LoadConnection connection = connections[i];
            long unanswered = connection.Sent - connection.Counters.Completed;
            if (loops[i].Exception?.GetBaseException() is Exception failure)
            {
                string why = failure switch
                {
                    _ when stop.IsCancellationRequested => "interrupted",
                    ObjectDisposedException or SocketException { SocketErrorCode: SocketError.OperationAborted } =>
                        $"no answer within {DrainTimeout.TotalSeconds:0} s after the window",
                    _ => failure.Message,
                };
                connection.Counters.AddError($"connection {i}: {why} ({unanswered} requests unanswered)", Math.Max(1, unanswered));
            }
            else if (!loops[i].IsCompleted)
            {
                connection.Counters.AddError($"connection {i}: did not stop ({unanswered} requests unanswered)", Math.Max(1, unanswered));
            }
        }

        if (loops.Length > connections.Length && loops[^1].Exception?.GetBaseException() is Exception pacerFailure && !stop.IsCancellationRequested)
        {
            connections[0].Counters.AddError($"sender: {pacerFailure.Message}", 1);
        }

        return before;
    }

    private static async Task<StatsResponse?> TryGetStatsAsync(ControlChannel control, CancellationToken stop)
    {
        try
        {
            return await control.GetStatsAsync(stop).ConfigureAwait(false);
        }
        catch (LoadGenException)
        {
            return null;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return null;
        }
    }

    private static void Collect(LoadConnection[] connections, LongHistogram total)
    {
        foreach (LoadConnection connection in connections)
        {
            total.Add(connection.Latency.GetIntervalHistogram());
        }
    }

    private static LoadSummary Summarize(LoadGenOptions options, CaseWorkload workload, LoadConnection[] connections, LongHistogram total, StatsResponse? before, StatsResponse? after)
    {
        var errorDetails = new List<string>();
        for (int s = 1; s <= (int)ResponseStatus.NotReady; s++)
        {
            long count = connections.Sum(c => c.Counters.ErrorsByStatus[s]);
            if (count > 0)
            {
                errorDetails.Add(string.Create(CultureInfo.InvariantCulture, $"{count} answers with status `{(ResponseStatus)s}`"));
            }
        }

        for (int i = 0; i < workload.Requests.Length && errorDetails.Count < 20; i++)
        {
            long count = connections.Sum(c => c.Counters.ErrorsByCase[i]);
            if (count > 0)
            {
                errorDetails.Add(string.Create(CultureInfo.InvariantCulture, $"case `{workload.Requests[i].Name}` failed {count} times"));
            }
        }

        foreach (string first in connections.Select(c => c.Counters.FirstError).OfType<string>().Distinct().Take(5))
        {
            errorDetails.Add(first);
        }

        var mismatches = new List<Mismatch>();
        for (int i = 0; i < workload.Requests.Length; i++)
        {
            long count = connections.Sum(c => c.Counters.MismatchesByCase[i]);
            if (count > 0)
            {
                Runtime.Evaluation.Decision actual = connections.First(c => c.Counters.MismatchesByCase[i] > 0).Counters.LastWrongAnswer[i];
                mismatches.Add(new Mismatch(workload.Requests[i].Name, workload.Requests[i].Expect!.Value, actual, count));
            }
        }

        return new LoadSummary
        {
            Mode = options.Rate is double rate
                ? string.Create(CultureInfo.InvariantCulture, $"open loop, {rate:0.###} requests/s over {options.Connections} connection(s), at most {options.Pipeline} in flight each")
                : string.Create(CultureInfo.InvariantCulture, $"closed loop, {options.Connections} connection(s) × {options.Pipeline} in flight"),
            Requests = total.TotalCount,
            Seconds = options.Seconds,
            Latency = total,
            Errors = connections.Sum(c => c.Counters.Errors),
            Mismatches = connections.Sum(c => c.Counters.Mismatches),
            ServerBytesPerRequest = BytesPerRequest(before, after),
            ErrorDetails = errorDetails,
            MismatchDetails = mismatches,
            CasesWithPolicies = workload.CasesWithPolicies,
        };
    }

    /// <summary>Δ allocated bytes / Δ requests between two Stats frames, or null when either is missing.</summary>
    /// <param name="before">At the start of the window.</param>
    /// <param name="after">After the drain.</param>
    /// <returns>Bytes per request.</returns>
    public static double? BytesPerRequest(StatsResponse? before, StatsResponse? after)
    {
        if (before?.Get(StatsCounter.AllocatedBytes) is not ulong allocatedBefore
            || after?.Get(StatsCounter.AllocatedBytes) is not ulong allocatedAfter
            || before.Get(StatsCounter.Requests) is not ulong requestsBefore
            || after.Get(StatsCounter.Requests) is not ulong requestsAfter
            || requestsAfter <= requestsBefore
            || allocatedAfter < allocatedBefore)
        {
            return null;
        }

        return (double)(allocatedAfter - allocatedBefore) / (requestsAfter - requestsBefore);
    }
}
