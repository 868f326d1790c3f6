using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Engine.Runtime.Evaluation;

namespace Engine.Protocol.Tests.Client;

/// <summary>What a <see cref="ScriptedServer"/> does with one request.</summary>
internal abstract record Reply
{
    /// <summary>Answers with a Decision frame as given (fail-closed mending skipped: raw bytes).</summary>
    public sealed record Decide(ResponseStatus Status, Decision Decision, string Sid = "", byte? RawStatus = null) : Reply;

    public sealed record Error(ResponseStatus Status, bool Closing, string Message, bool EchoId = true) : Reply;

    /// <summary>Keeps the request; <see cref="ScriptedServer.ReleaseHeld"/> answers it later.</summary>
    public sealed record Hold(Reply Later) : Reply;

    /// <summary>Closes the connection without answering.</summary>
    public sealed record Drop : Reply;
}

/// <summary>
/// A decision server on loopback whose answers a test scripts per request (by principal), to
/// drive the client through pipelining, held answers, errors, bad frames and dropped connections.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<string, Reply> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _heldLock = new();
    private readonly List<(Socket Socket, ulong Id, Reply Reply)> _held = [];
    private readonly Task _accepting;
    private int _accepted;

    public ScriptedServer(Func<string, Reply> script)
    {
        _script = script;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        Address = ListenAddress.Tcp((IPEndPoint)_listener.LocalEndPoint!);
        _accepting = AcceptLoopAsync();
    }

    public ListenAddress Address { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    public int HeldCount
    {
        get
        {
            lock (_heldLock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Answers every held request, newest first (so answers come back out of order).</summary>
    public void ReleaseHeld()
    {
        List<(Socket Socket, ulong Id, Reply Reply)> held;
        lock (_heldLock)
        {
            held = [.. _held];
            _held.Clear();
        }

        held.Reverse();
        foreach ((Socket socket, ulong id, Reply reply) in held)
        {
            Send(socket, id, reply);
        }
    }

    /// <summary>Stops listening, so connecting fails.</summary>
    public void StopListening() => _listener.Close();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        await Task.WhenAll([_accepting, .. _connections]).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                Socket socket = await _listener.AcceptAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                lock (_heldLock)
                {
                    _connections.Add(ServeAsync(socket));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        byte[] buffer = new byte[1 << 20];
        int end = 0;
        try
        {
            while (true)
            {
                int received = await socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, _stop.Token);
                if (received == 0)
                {
                    return;
                }

                end += received;
                int start = 0;
                while (end - start >= ProtocolConstants.HeaderSize)
                {
                    var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer, start, end - start));
                    FrameReadResult read = FrameReader.TryReadFrame(ref reader, ProtocolLimits.Default, Span<byte>.Empty, out FrameHeader header, out ReadOnlySpan<byte> body);
                    if (read.Outcome == FrameReadOutcome.NeedMoreData)
                    {
                        break;
                    }

                    start += (int)reader.Consumed;
                    string principal = header.Type == FrameType.Query
                        ? Encoding.UTF8.GetString(body.Slice(2, BinaryPrimitives.ReadUInt16LittleEndian(body)))
                        : header.Type.ToString();
                    Reply reply = _script(principal);
                    if (reply is Reply.Drop)
                    {
                        return;
                    }

                    if (reply is Reply.Hold hold)
                    {
                        lock (_heldLock)
                        {
                            _held.Add((socket, header.RequestId, hold.Later));
                        }

                        continue;
                    }

                    Send(socket, header.RequestId, reply);
                }

                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped or dropped.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static void Send(Socket socket, ulong id, Reply reply)
    {
        var output = new ArrayBufferWriter<byte>();
        switch (reply)
        {
            case Reply.Decide { RawStatus: { } raw } decide:
                // Hand-made, to send what a correct server never would.
                FrameWriter.WriteDecision(output, id, ResponseStatus.Ok, Decision.ImplicitDeny, (DecidingStatement?)null, 1, ReadOnlySpan<char>.Empty);
                byte[] frame = output.WrittenSpan.ToArray();
                frame[ProtocolConstants.HeaderSize] = raw;
                frame[ProtocolConstants.HeaderSize + 1] = (byte)decide.Decision;
                SendAll(socket, frame);
                return;
            case Reply.Decide decide:
                DecidingStatement? statement = decide.Sid.Length > 0 ? new DecidingStatement(PolicyKind.Identity, 0, 0, 1) : null;
                FrameWriter.WriteDecision(output, id, decide.Status, decide.Decision, statement, 7, decide.Sid);
                break;
            case Reply.Error error:
                FrameWriter.WriteError(output, error.EchoId ? id : 0, error.Status, error.Closing, error.Message.AsSpan());
                break;
            case Reply.Hold or Reply.Drop:
                throw new InvalidOperationException("not an answer");
        }

        SendAll(socket, output.WrittenSpan.ToArray());
    }

    private static void SendAll(Socket socket, byte[] frame)
    {
        try
        {
            socket.Send(frame);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client has gone; nothing to answer.
        }
    }
}
