using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Engine.Protocol;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Tests.LoadGen;

/// <summary>
/// A minimal server speaking the protocol on a loopback port: it answers Allow to every query, a
/// Pong to a ping and a Stats frame with the request count. Enough to see the generator check answers.
/// </summary>
internal sealed class FakeDecisionServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private long _requests;

    public FakeDecisionServer()
    {
        _listener.Start();
        _tasks.Add(AcceptAsync());
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAny(Task.WhenAll(_tasks), Task.Delay(2_000));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_tasks)
                {
                    _tasks.Add(ServeAsync(socket));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            byte[] buffer = new byte[256 * 1024];
            byte[] scratch = new byte[ProtocolLimits.Default.MaxFrameSize];
            var output = new ArrayBufferWriter<byte>();
            int filled = 0;
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    int received = await socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                    if (received == 0)
                    {
                        return;
                    }

                    filled += received;
                    int consumed = Answer(buffer, filled, scratch, output);
                    Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                    filled -= consumed;
                    await socket.SendAsync(output.WrittenMemory, _stop.Token);
                    output.ResetWrittenCount();
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private int Answer(byte[] buffer, int filled, byte[] scratch, ArrayBufferWriter<byte> output)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer, 0, filled));
        while (FrameReader.TryReadFrame(ref reader, ProtocolLimits.Default, scratch, out FrameHeader header, out _).Outcome == FrameReadOutcome.Frame)
        {
            long requests = Interlocked.Increment(ref _requests);
            switch (header.Type)
            {
                case FrameType.Query:
                    FrameWriter.WriteDecision(output, header.RequestId, ResponseStatus.Ok, Decision.Allow, (DecidingStatement?)null, revision: 1, ReadOnlySpan<byte>.Empty);
                    break;
                case FrameType.Ping:
                    FrameWriter.WritePong(output, header.RequestId, revision: 1);
                    break;
                case FrameType.StatsRequest:
                    ulong[] counters = new ulong[(int)StatsCounter.AllocatedBytes + 1];
                    counters[(int)StatsCounter.Requests] = (ulong)requests;
                    counters[(int)StatsCounter.AllocatedBytes] = (ulong)requests * 8;
                    FrameWriter.WriteStats(output, header.RequestId, counters);
                    break;
            }
        }

        return (int)reader.Consumed;
    }
}
