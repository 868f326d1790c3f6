using System.Diagnostics;
using Engine.LoadGen.Workload;
using HdrHistogram;

namespace Engine.LoadGen.Running;

/// <summary>
/// One connection's load on a gateway transport: the closed loop runs <c>--pipeline</c> workers
/// that each send, await the answer and send again; the open loop is driven by
/// <see cref="OpenLoopPacer"/> through <see cref="IOpenLoopSender"/>, each request started at its
/// intended time and awaited on its own, at most <c>--pipeline</c> outstanding. Latency goes to this
/// lane's <see cref="Recorder"/> as in the binary lanes: from the actual send (closed loop) or the
/// intended send (open loop).
/// </summary>
internal sealed class GatewayLane : IOpenLoopSender, IDisposable
{
    private readonly IGatewayClient _client;
    private readonly GatewayWorkload _workload;
    private readonly CancellationTokenSource _cutOff = new();
    private readonly TaskCompletionSource _openLoopDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SemaphoreSlim? _openSlots;
    private int _nextCase;
    private long _sent;
    private int _outstanding;
    private int _ended;

    /// <summary>Creates the lane around a client (which it then owns).</summary>
    /// <param name="client">The connection.</param>
    /// <param name="workload">The requests.</param>
    /// <param name="index">This lane's index (spreads the cases).</param>
    public GatewayLane(IGatewayClient client, GatewayWorkload workload, int index)
    {
        _client = client;
        _workload = workload;
        _nextCase = index % workload.Cases.Length;
        Counters = new GatewayCounters(workload.Cases.Length);
        Latency = NewRecorder();
        SendLag = NewRecorder();
    }

    /// <summary>The run's clock marks: set after <see cref="OpenAsync"/>, before the loops start; until then nothing is recorded.</summary>
    public RunTimeline Timeline { get; set; } = new(long.MaxValue, long.MaxValue, long.MaxValue);

    /// <summary>This lane's tallies.</summary>
    public GatewayCounters Counters { get; }

    /// <summary>Latencies of measured requests, in microseconds.</summary>
    public Recorder Latency { get; }

    /// <summary>How late each measured open-loop request went out after its intended time, in microseconds.</summary>
    public Recorder SendLag { get; }

    /// <summary>Requests sent (warmup included).</summary>
    public long Sent => Volatile.Read(ref _sent);

    /// <summary>Cuts off every request still waiting (the drain timed out, or Ctrl+C); they count as errors.</summary>
    public void CutOff() => _cutOff.Cancel();

    /// <summary>
    /// Opens the connection with one request before the clock starts (checked, not timed): a
    /// connection's first request pays for the handshake and for JIT compilation on both sides,
    /// which on a busy machine can outlast a short window.
    /// </summary>
    /// <returns>When the answer is in.</returns>
    public Task OpenAsync() => RequestAsync(NextCase(), since: long.MinValue);

    /// <summary>Runs the closed loop until the timeline's end; completes when every answer is in.</summary>
    /// <param name="pipeline">Requests in flight on this lane.</param>
    /// <returns>The workers.</returns>
    public Task RunClosedLoopAsync(int pipeline) =>
        Task.WhenAll(Enumerable.Range(0, pipeline).Select(_ => Task.Run(ClosedLoopWorkerAsync, CancellationToken.None)));

    /// <summary>Prepares the open loop.</summary>
    /// <param name="maxInFlight">The most requests outstanding on this lane.</param>
    /// <returns>Completes after <see cref="SendEndMarker"/> once every request sent is answered.</returns>
    public Task StartOpenLoop(int maxInFlight)
    {
        _openSlots = new SemaphoreSlim(maxInFlight, maxInFlight);
        return _openLoopDone.Task;
    }

    /// <inheritdoc/>
    public void SendEnqueue(long intended, CancellationToken stop)
    {
        // At the cap the pacer waits, and the delay is charged to the requests behind it.
        _openSlots!.Wait(stop);
        Interlocked.Increment(ref _outstanding);
        int caseIndex = NextCase();
        if (Timeline.IsMeasured(intended))
        {
            SendLag.RecordValue(Math.Min(RunTimeline.TicksToMicroseconds(Stopwatch.GetTimestamp() - intended), LoadConnection.HighestTrackableMicroseconds));
        }

        // Started on the pool, not on the pacer thread: building and writing an HTTP or gRPC request
        // costs tens of microseconds, which on the pacer would delay every request behind it.
        _ = Task.Run(() => OpenLoopRequestAsync(caseIndex, intended), CancellationToken.None);
    }

    /// <inheritdoc/>
    public void SendFlush()
    {
        // Each request is written when it is started.
    }

    /// <inheritdoc/>
    public void SendEndMarker()
    {
        Interlocked.Exchange(ref _ended, 1);
        if (Volatile.Read(ref _outstanding) == 0)
        {
            _openLoopDone.TrySetResult();
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        // The token source and the semaphore stay undisposed: they hold no timer or wait handle,
        // and a request still unwinding after a cut-off may read the token or release a slot.
        _cutOff.Cancel();
        _client.Dispose();
    }

    private async Task ClosedLoopWorkerAsync()
    {
        // Bounded: no request starts at or after MeasureEnd, and a cut-off ends the one in flight.
        while (!_cutOff.IsCancellationRequested)
        {
            long start = Stopwatch.GetTimestamp();
            if (start >= Timeline.MeasureEnd)
            {
                return;
            }

            await RequestAsync(NextCase(), start).ConfigureAwait(false);
        }
    }

    private async Task OpenLoopRequestAsync(int caseIndex, long intended)
    {
        try
        {
            await RequestAsync(caseIndex, intended).ConfigureAwait(false);
        }
        finally
        {
            _openSlots!.Release();
            if (Interlocked.Decrement(ref _outstanding) == 0 && Volatile.Read(ref _ended) == 1)
            {
                _openLoopDone.TrySetResult();
            }
        }
    }

    // Sends one request, checks the answer, records its latency from `since`; never throws.
    private async Task RequestAsync(int caseIndex, long since)
    {
        Interlocked.Increment(ref _sent);
        GatewayCase request = _workload.Cases[caseIndex];
        GatewayAnswer answer;
        try
        {
            answer = await _client.SendAsync(caseIndex, _cutOff.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_cutOff.IsCancellationRequested)
        {
            Counters.AddFailure("no answer before the run was cut off", caseIndex);
            return;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or Cli.LoadGenException or Grpc.Core.RpcException)
        {
            Counters.AddFailure(e.GetBaseException().Message, caseIndex);
            return;
        }

        long now = Stopwatch.GetTimestamp();
        Counters.Add(caseIndex, request.Expect, answer);
        if (Timeline.IsMeasured(since))
        {
            Latency.RecordValue(Math.Min(RunTimeline.TicksToMicroseconds(now - since), LoadConnection.HighestTrackableMicroseconds));
        }
    }

    private int NextCase()
    {
        // Workers of one lane share the rotation; a torn order between them does not matter.
        int current, next;
        do
        {
            current = Volatile.Read(ref _nextCase);
            next = current + 1 == _workload.Cases.Length ? 0 : current + 1;
        }
        while (Interlocked.CompareExchange(ref _nextCase, next, current) != current);
        return current;
    }

    private static Recorder NewRecorder() =>
        new(1, LoadConnection.HighestTrackableMicroseconds, LoadConnection.SignificantDigits, (id, low, high, digits) => new LongHistogram(id, low, high, digits));
}
