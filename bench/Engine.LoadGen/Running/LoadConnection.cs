using System.Diagnostics;
using System.Net.Sockets;
using System.Numerics;
using Engine.LoadGen.Workload;
using Engine.Protocol;
using Engine.Runtime.Evaluation;
using HdrHistogram;

namespace Engine.LoadGen.Running;

/// <summary>
/// One connection's load: pre-encoded Query frames out (only the request id is patched), responses
/// in, each answer checked against its case's <c>expect</c> and its latency recorded in this
/// connection's own <see cref="Recorder"/> (so recording never contends across connections).
/// Nothing here allocates per request. The closed loop is in <c>LoadConnection.ClosedLoop.cs</c>,
/// the open loop in <c>LoadConnection.OpenLoop.cs</c>.
/// </summary>
internal sealed partial class LoadConnection : IDisposable, IOpenLoopSender
{
    /// <summary>Highest latency the histograms track: one hour, in microseconds.</summary>
    public const long HighestTrackableMicroseconds = 3_600_000_000;

    /// <summary>Decimal digits of precision kept at every magnitude.</summary>
    public const int SignificantDigits = 3;

    // Control id for the open loop's end marker: a Ping whose Pong follows every earlier answer.
    private const ulong EndMarkerId = 0;

    private readonly Socket _socket;
    private readonly Stream? _tls;   // the TLS stream over the socket (--tls), else null
    private readonly CaseWorkload _workload;
    private readonly int _index;
    private readonly RunTimeline _timeline;
    private readonly Slot[] _slots;
    private readonly int _slotMask;
    private readonly byte[] _sendBuffer;
    private readonly byte[] _receiveBuffer;
    private int _sendLength;
    private int _receiveStart;
    private int _receiveEnd;
    private ulong _nextId = 1;
    private int _nextCase;

    /// <summary>Creates the connection's state around a connected socket (which it then owns).</summary>
    /// <param name="socket">A connected socket.</param>
    /// <param name="workload">The requests.</param>
    /// <param name="index">This connection's index (spreads the cases and the open-loop schedule).</param>
    /// <param name="timeline">The run's clock marks.</param>
    /// <param name="maxInFlight">The most requests outstanding at once.</param>
    /// <param name="tls">The TLS stream over the socket, or null for plain TCP.</param>
    public LoadConnection(Socket socket, Stream? tls, CaseWorkload workload, int index, RunTimeline timeline, int maxInFlight)
    {
        _socket = socket;
        _tls = tls;
        _workload = workload;
        _index = index;
        _timeline = timeline;
        _nextCase = index % workload.Requests.Length;
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)maxInFlight);
        _slots = new Slot[capacity];
        _slotMask = capacity - 1;

        // Room for a batch of frames per send; bigger batches gain nothing once a syscall is amortised.
        _sendBuffer = new byte[Math.Max(64 * 1024, Math.Min(maxInFlight, 256) * workload.MaxFrameSize)];

        // Two largest frames: after compaction a whole frame always fits.
        _receiveBuffer = new byte[2 * ProtocolLimits.Default.MaxFrameSize];
        Counters = new ConnectionCounters(workload.Requests.Length);
        Latency = NewRecorder();
        SendLag = NewRecorder();
    }

    /// <summary>This connection's tallies.</summary>
    public ConnectionCounters Counters { get; }

    /// <summary>Latencies of measured requests, in microseconds; read interval by interval.</summary>
    public Recorder Latency { get; }

    /// <summary>How late each measured request went out after its intended time, in microseconds (the generator's own lag).</summary>
    public Recorder SendLag { get; }

    /// <summary>Requests sent (warmup included).</summary>
    public long Sent => Volatile.Read(ref _sent);

    private long _sent;

    /// <summary>Closes the socket; a loop blocked on it ends with an exception the runner expects.</summary>
    public void Dispose()
    {
        _socket.Dispose();
        _tls?.Dispose();
    }

    // Appends the next case's frame to the send buffer and remembers when it was meant to go out.
    private void Enqueue(long intended)
    {
        RequestTemplate request = _workload.Requests[_nextCase];
        ulong id = _nextId++;
        ref Slot slot = ref _slots[(int)(id & (ulong)_slotMask)];
        slot.CaseIndex = _nextCase;
        slot.Intended = intended;
        if (_timeline.IsMeasured(intended))
        {
            SendLag.RecordValue(Math.Min(RunTimeline.TicksToMicroseconds(Now() - intended), HighestTrackableMicroseconds));
        }

        Volatile.Write(ref slot.Id, id);
        _sendLength += request.CopyTo(_sendBuffer.AsSpan(_sendLength), id);
        _nextCase = _nextCase + 1 == _workload.Requests.Length ? 0 : _nextCase + 1;
        Volatile.Write(ref _sent, _sent + 1);
    }

    private bool HasRoomForFrame => _sendBuffer.Length - _sendLength >= _workload.MaxFrameSize;

    private async ValueTask FlushAsync()
    {
        int offset = 0;
        if (_tls is not null)
        {
            await _tls.WriteAsync(_sendBuffer.AsMemory(0, _sendLength)).ConfigureAwait(false);
            offset = _sendLength;
        }

        // Bounded: each pass sends at least one byte or throws.
        while (offset < _sendLength)
        {
            int sent = await _socket.SendAsync(_sendBuffer.AsMemory(offset, _sendLength - offset), SocketFlags.None).ConfigureAwait(false);
            if (sent <= 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            offset += sent;
        }

        _sendLength = 0;
    }

    // Reads more bytes; false when the server closed the connection.
    private async ValueTask<bool> ReceiveAsync()
    {
        if (_receiveStart == _receiveEnd)
        {
            _receiveStart = _receiveEnd = 0;
        }
        else if (_receiveBuffer.Length - _receiveEnd < ProtocolLimits.Default.MaxFrameSize)
        {
            Buffer.BlockCopy(_receiveBuffer, _receiveStart, _receiveBuffer, 0, _receiveEnd - _receiveStart);
            _receiveEnd -= _receiveStart;
            _receiveStart = 0;
        }

        int received = _tls is null
            ? await _socket.ReceiveAsync(_receiveBuffer.AsMemory(_receiveEnd), SocketFlags.None).ConfigureAwait(false)
            : await _tls.ReadAsync(_receiveBuffer.AsMemory(_receiveEnd)).ConfigureAwait(false);
        _receiveEnd += received;
        return received > 0;
    }

    // Takes the next response out of the receive buffer, if a whole one is there.
    private bool TryTakeResponse(out ScannedResponse response, out string? errorMessage)
    {
        if (!ResponseScanner.TryRead(_receiveBuffer, _receiveStart, _receiveEnd - _receiveStart, out response, out int size, out errorMessage))
        {
            return false;
        }

        _receiveStart += size;
        return true;
    }

    /// <summary>Checks and records one answer to a query; returns false for a non-query frame (an end marker).</summary>
    private bool Complete(in ScannedResponse response, string? errorMessage, long now)
    {
        if (response.Type == FrameType.Pong && response.RequestId == EndMarkerId)
        {
            return false;
        }

        if (response.Type == FrameType.Error && response.RequestId == 0)
        {
            // The server could not even read our header: framing is lost, nothing can be matched.
            throw new InvalidDataException($"the server rejected a frame without an id: {errorMessage}");
        }

        ref Slot slot = ref _slots[(int)(response.RequestId & (ulong)_slotMask)];
        if (Volatile.Read(ref slot.Id) != response.RequestId || response.Type is not (FrameType.Decision or FrameType.Error))
        {
            throw new InvalidDataException($"a `{response.Type}` answer for request id {response.RequestId}, which is not in flight");
        }

        slot.Id = 0;
        Counters.AddCompleted();
        if (response.Status != ResponseStatus.Ok)
        {
            Counters.AddError(response.Status, errorMessage, slot.CaseIndex);
        }
        else
        {
            Decision? expect = _workload.Requests[slot.CaseIndex].Expect;
            if (expect is not null && expect.Value != response.Decision)
            {
                Counters.AddMismatch(slot.CaseIndex, response.Decision);
            }
        }

        if (_timeline.IsMeasured(slot.Intended))
        {
            long micros = Math.Min(RunTimeline.TicksToMicroseconds(now - slot.Intended), HighestTrackableMicroseconds);
            Latency.RecordValue(micros);
        }

        if (response.Closing)
        {
            throw new InvalidDataException($"the server closed the connection: {errorMessage}");
        }

        return true;
    }

    private static Recorder NewRecorder() =>
        new(1, HighestTrackableMicroseconds, SignificantDigits, (id, low, high, digits) => new LongHistogram(id, low, high, digits));

    private static long Now() => Stopwatch.GetTimestamp();

    // One request in flight: its id (0 when free), its case and when it was meant to be sent.
    private struct Slot
    {
        public ulong Id;
        public int CaseIndex;
        public long Intended;
    }
}
