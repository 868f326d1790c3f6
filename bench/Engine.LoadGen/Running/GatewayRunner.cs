using System.Diagnostics;
using System.Globalization;
using Engine.LoadGen.Cli;
using Engine.LoadGen.Reporting;
using Engine.LoadGen.Workload;
using Engine.Protocol;
using HdrHistogram;

namespace Engine.LoadGen.Running;

/// <summary>
/// Runs one load test on a gateway transport (ext_authz over gRPC, or HTTP forward-auth) of a
/// server that is already up: the lanes, the closed or open loop, a progress line each second,
/// and the summary the binary runner prints. When a binary listener of the same server is known
/// (<c>--stats</c>, or the one <c>--spawn</c> adds) its Stats give the server's allocated bytes per
/// request: the process's Δ allocated bytes over the answers received in between.
/// </summary>
internal static class GatewayRunner
{
    /// <summary>Runs the test.</summary>
    /// <param name="address">The server's gateway listener (or a gateway in front of it).</param>
    /// <param name="stats">A binary listener of the same server, for its allocation counter, or null.</param>
    /// <param name="workload">The requests.</param>
    /// <param name="options">Protocol, connections, pipeline, rate, durations.</param>
    /// <param name="progress">Where the progress lines go, or null.</param>
    /// <param name="stop">Ctrl+C.</param>
    /// <returns>The summary.</returns>
    public static async Task<LoadSummary> RunAsync(ServerAddress address, ServerAddress? stats, GatewayWorkload workload, LoadGenOptions options, TextWriter? progress, CancellationToken stop)
    {
        using ControlChannel? control = stats is null ? null : await ControlChannel.OpenAsync(stats, stop).ConfigureAwait(false);
        GatewayLane[] lanes = [.. Enumerable.Range(0, options.Connections).Select(i => new GatewayLane(NewClient(address, workload, options), workload, i))];
        try
        {
            // The clock starts once every lane's connection is open (its first request answered).
            await Task.WhenAll(lanes.Select(l => l.OpenAsync())).ConfigureAwait(false);
            RunTimeline timeline = RunTimeline.From(Stopwatch.GetTimestamp(), options.Warmup, options.Seconds);
            foreach (GatewayLane lane in lanes)
            {
                lane.Timeline = timeline;
            }

            Sample? before = options.Warmup == 0 ? await SampleAsync(control, lanes, stop).ConfigureAwait(false) : null;
            Task[] loops;
            if (options.Rate is double rate)
            {
                loops = [.. lanes.Select(l => l.StartOpenLoop(options.Pipeline))];
                Task pacer = OpenLoopPacer.RunAsync(lanes, new OpenLoopSchedule(timeline.Start, rate, lanes.Length, Stopwatch.Frequency), timeline.MeasureEnd, options.Pacer, stop);
                loops = [.. loops, pacer];
            }
            else
            {
                loops = [.. lanes.Select(l => l.RunClosedLoopAsync(options.Pipeline))];
            }

            var total = new LongHistogram(LoadConnection.HighestTrackableMicroseconds, LoadConnection.SignificantDigits);
            before = await MonitorAsync(lanes, loops, timeline, control, before, total, progress, stop).ConfigureAwait(false);
            double measured = stop.IsCancellationRequested ? timeline.MeasuredSecondsAt(Stopwatch.GetTimestamp()) : options.Seconds;
            Sample? after = await SampleAsync(control, lanes, stop).ConfigureAwait(false);
            Collect(lanes, total);
            var lag = new LongHistogram(LoadConnection.HighestTrackableMicroseconds, LoadConnection.SignificantDigits);
            foreach (GatewayLane lane in lanes)
            {
                lag.Add(lane.SendLag.GetIntervalHistogram());
            }

            return Summarize(options, workload, lanes, total, before, after) with { SendLag = lag, Seconds = measured };
        }
        finally
        {
            foreach (GatewayLane lane in lanes)
            {
                lane.Dispose();
            }
        }
    }

    /// <summary>Δ allocated bytes / Δ answers between two samples, or null when either is missing.</summary>
    /// <param name="before">At the start of the window.</param>
    /// <param name="after">After the drain.</param>
    /// <returns>Bytes per request.</returns>
    public static double? BytesPerRequest(Sample? before, Sample? after) =>
        before is { AllocatedBytes: ulong a0 } && after is { AllocatedBytes: ulong a1 } && after.Answers > before.Answers && a1 >= a0
            ? (double)(a1 - a0) / (after.Answers - before.Answers)
            : null;

    private static IGatewayClient NewClient(ServerAddress address, GatewayWorkload workload, LoadGenOptions options) => options.Protocol switch
    {
        LoadProtocol.ExtAuthz => new ExtAuthzClient(address, workload),
        LoadProtocol.Http => new ForwardAuthClient(address, workload, options.Proxied),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Protocol, "not a gateway protocol"),
    };

    // Wakes each second until every loop ended, or the drain timed out, or Ctrl+C: then it cuts
    // off what is still waiting, which ends the loops.
    private static async Task<Sample?> MonitorAsync(
        GatewayLane[] lanes,
        Task[] loops,
        RunTimeline timeline,
        ControlChannel? control,
        Sample? before,
        LongHistogram total,
        TextWriter? progress,
        CancellationToken stop)
    {
        Task all = Task.WhenAll(loops);
        long drainDeadline = timeline.MeasureEnd + RunTimeline.SecondsToTicks(LoadRunner.DrainTimeout.TotalSeconds);
        long second = Stopwatch.Frequency;
        long nextTick = timeline.Start + second;
        long lastCompleted = 0;
        long lastTick = timeline.Start;
        bool sampled = before is not null;

        // Bounded: the drain deadline ends it at the latest, and Ctrl+C earlier.
        while (!all.IsCompleted)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= drainDeadline || stop.IsCancellationRequested)
            {
                break;
            }

            long nextEvent = sampled ? nextTick : Math.Min(nextTick, timeline.MeasureStart);
            if (nextEvent > now)
            {
                var wait = TimeSpan.FromSeconds((double)(nextEvent - now) / Stopwatch.Frequency);
                await Task.WhenAny(all, Task.Delay(wait, stop)).ConfigureAwait(false);
                continue;
            }

            if (!sampled && now >= timeline.MeasureStart)
            {
                before = await SampleAsync(control, lanes, stop).ConfigureAwait(false);
                sampled = true;
                if (nextTick > now)
                {
                    continue;
                }
            }

            Collect(lanes, total);
            long completed = lanes.Sum(l => l.Counters.Completed);
            double elapsed = (double)(now - lastTick) / Stopwatch.Frequency;
            progress?.WriteLine(timeline.ProgressLine(now, (completed - lastCompleted) / elapsed, total, lanes.Sum(l => l.Counters.Errors), lanes.Sum(l => l.Counters.Mismatches)));
            lastCompleted = completed;
            lastTick = now;
            nextTick += second;
        }

        if (!all.IsCompleted)
        {
            foreach (GatewayLane lane in lanes)
            {
                lane.CutOff();
            }
        }

        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        if (loops.Length > lanes.Length && loops[^1].Exception?.GetBaseException() is Exception pacerFailure && !stop.IsCancellationRequested)
        {
            lanes[0].Counters.AddFailure($"sender: {pacerFailure.Message}", 0);
        }

        return before;
    }

    private static async Task<Sample?> SampleAsync(ControlChannel? control, GatewayLane[] lanes, CancellationToken stop)
    {
        if (control is null)
        {
            return null;
        }

        try
        {
            StatsResponse stats = await control.GetStatsAsync(stop).ConfigureAwait(false);
            return new Sample(stats.Get(StatsCounter.AllocatedBytes), lanes.Sum(l => l.Counters.Completed));
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

    private static void Collect(GatewayLane[] lanes, LongHistogram total)
    {
        foreach (GatewayLane lane in lanes)
        {
            total.Add(lane.Latency.GetIntervalHistogram());
        }
    }

    private static LoadSummary Summarize(LoadGenOptions options, GatewayWorkload workload, GatewayLane[] lanes, LongHistogram total, Sample? before, Sample? after)
    {
        var errorDetails = new List<string>();
        foreach (IGrouping<string, KeyValuePair<string, long>> kind in lanes.SelectMany(l => l.Counters.ErrorKinds()).GroupBy(k => k.Key, StringComparer.Ordinal).OrderByDescending(g => g.Sum(k => k.Value)).Take(10))
        {
            errorDetails.Add(string.Create(CultureInfo.InvariantCulture, $"{kind.Sum(k => k.Value)} × {kind.Key}"));
        }

        for (int i = 0; i < workload.Cases.Length && errorDetails.Count < 20; i++)
        {
            long count = lanes.Sum(l => l.Counters.ErrorsByCase[i]);
            if (count > 0)
            {
                errorDetails.Add(string.Create(CultureInfo.InvariantCulture, $"case `{workload.Cases[i].Name}` failed {count} times"));
            }
        }

        var mismatches = new List<Mismatch>();
        for (int i = 0; i < workload.Cases.Length; i++)
        {
            long count = lanes.Sum(l => l.Counters.MismatchesByCase[i]);
            if (count > 0)
            {
                string actual = lanes.First(l => l.Counters.MismatchesByCase[i] > 0).Counters.LastWrongAnswer[i];
                mismatches.Add(new Mismatch(workload.Cases[i].Name, workload.Cases[i].Expect!.Value, default, count) { ActualDescription = actual });
            }
        }

        string transport = options.Protocol == LoadProtocol.ExtAuthz ? "ext_authz Check (gRPC h2c)"
            : options.Proxied ? "HTTP/1.1 through a gateway" : "HTTP/1.1 forward-auth";
        return new LoadSummary
        {
            Mode = options.Rate is double rate
                ? string.Create(CultureInfo.InvariantCulture, $"open loop, {rate:0.###} requests/s over {options.Connections} connection(s), at most {options.Pipeline} in flight each, {transport}")
                : string.Create(CultureInfo.InvariantCulture, $"closed loop, {options.Connections} connection(s) × {options.Pipeline} in flight, {transport}"),
            Requests = total.TotalCount,
            Seconds = options.Seconds,
            Latency = total,
            Errors = lanes.Sum(l => l.Counters.Errors),
            Mismatches = lanes.Sum(l => l.Counters.Mismatches),
            ServerBytesPerRequest = BytesPerRequest(before, after),
            ErrorDetails = errorDetails,
            MismatchDetails = mismatches,
            CasesWithPolicies = workload.CasesWithPolicies,
        };
    }

    /// <summary>The server's allocation counter and the answers received so far, read together.</summary>
    /// <param name="AllocatedBytes">The process's allocated bytes, or null when the server does not send them.</param>
    /// <param name="Answers">Answers the lanes had received.</param>
    internal sealed record Sample(ulong? AllocatedBytes, long Answers);
}
