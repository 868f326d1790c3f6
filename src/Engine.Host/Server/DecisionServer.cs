using System.Net;
using System.Net.Sockets;
using Engine.Protocol;
using Microsoft.Extensions.Logging;

namespace Engine.Host.Server;

/// <summary>
/// The sidecar server: listens on TCP or a Unix socket and answers the binary protocol of
/// docs/wire-protocol.md, deciding each query on the policy source in <see cref="Policies"/>.
/// A warm connection allocates nothing per request. This file holds start-up and the accept loop;
/// <c>DecisionServer.Lifecycle.cs</c> holds stop, reload and stats.
/// </summary>
public sealed partial class DecisionServer : IAsyncDisposable
{
    // What a connection over --max-connections, or over --max-connections-per-peer, receives before it is closed.
    private static readonly byte[] s_overloadedFrame = EncodeOverloaded("too many connections"u8);
    private static readonly byte[] s_peerOverloadedFrame = EncodeOverloaded("too many connections from this peer"u8);

    private readonly ConnectionRegistry _registry;
    private readonly RateLimitedLogger _log;
    private readonly PeerConnectionLimit? _peers;
    private readonly ConnectionAuthenticator? _authenticator;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Socket? _listener;
    private UnixSocketFile? _socketFile;
    private Task _acceptLoop = Task.CompletedTask;
    private Timer? _sweep;
    private long _nextConnectionId;
    private int _state; // 0 new, 1 started, 2 stopping

    /// <summary>Creates a server; call <see cref="Start"/> to listen.</summary>
    /// <param name="policies">The policy source holder read by every request.</param>
    /// <param name="options">Address and limits; defaults when null.</param>
    public DecisionServer(PolicySourceHolder policies, ServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        Options = options ?? new ServerOptions();
        Options.Validate();
        Policies = policies;
        _log = new RateLimitedLogger(Options.LoggerFactory.CreateLogger("Engine.Host.Server"), Options.LogLinesPerSecond, Options.Time);
        Logger = _log;
        Metrics = new ServerMetrics(Options.Metrics);
        ReloadHistory = new ReloadHistory(Options.Time, policies.Current.Revision);
        _registry = new ConnectionRegistry(Options.MaxConnections);
        CompiledBytes = new CompiledBytesMeter(() => Policies.Current);
        Metrics.ExportFrom(_registry);
        _peers = Options.MaxConnectionsPerPeer > 0 ? new PeerConnectionLimit(Options.MaxConnectionsPerPeer) : null;
        Trimmer = new MemoryTrimmer(IsNoLargeFrameInProgress);
        BufferedBytes = new BufferedBytesBudget(Options.EffectiveMaxBufferedBytes, Trimmer);
        LocalAddress = Options.Listen;
        if (Options.Tls is not null || Options.AuthToken is not null)
        {
            _authenticator = new ConnectionAuthenticator(Options.Tls, Options.AuthToken, policies, _log, Options.FrameDeadline);
            ConnectionAuthenticator authenticator = _authenticator;
            Metrics.ExportRefusals(() => authenticator.Refused);
        }
    }

    /// <summary>The Stats counter <c>CompiledBytes</c>, walked off the connections' threads.</summary>
    internal CompiledBytesMeter CompiledBytes { get; }

    /// <summary>The options the server was created with.</summary>
    public ServerOptions Options { get; }

    /// <summary>The policy source holder; swap or reload it to change policies without a restart.</summary>
    public PolicySourceHolder Policies { get; }

    /// <summary>The address actually bound (with the real port when the options asked for port 0).</summary>
    public ListenAddress LocalAddress { get; private set; }

    /// <summary>The number of open connections.</summary>
    public int ConnectionCount => _registry.Current;

    /// <summary>Completes when the server has stopped.</summary>
    public Task Completion => _stopped.Task;

    internal ILogger Logger { get; }

    internal ServerMetrics Metrics { get; }

    internal ReloadHistory ReloadHistory { get; }

    /// <summary>The bytes large frames hold across all connections (<see cref="ServerOptions.MaxBufferedBytes"/>).</summary>
    internal BufferedBytesBudget BufferedBytes { get; }

    /// <summary>Collects after a burst, so that an idle server gives its peak memory back.</summary>
    internal MemoryTrimmer Trimmer { get; }

    private bool IsNoLargeFrameInProgress() => BufferedBytes.Reserved == 0;

    /// <summary>Binds, listens and starts accepting connections.</summary>
    /// <exception cref="InvalidOperationException">The server was already started.</exception>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    /// <exception cref="IOException">The Unix socket path is locked by another server, answered by a live one, or holds something other than a socket.</exception>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("the server was already started");
        }

        ListenAddress address = Options.Listen;
        Socket listener = address.IsUnix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.UnixPath is { } path)
            {
                // Refuses a path that is not a socket or that a live server answers on; clears a stale one.
                _socketFile = UnixSocketFile.Acquire(path);
            }

            listener.Bind(address.UnixPath is { } unixPath ? new UnownedUnixEndPoint(unixPath) : address.EndPoint);

            // Before listen: until then nobody can connect, so the umask's mode is never usable.
            _socketFile?.Bound(Options.UnixSocketMode);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            _socketFile?.Dispose();
            _socketFile = null;
            throw;
        }

        _listener = listener;
        LocalAddress = address.IsUnix ? address : ListenAddress.Tcp((IPEndPoint)listener.LocalEndPoint!);
        TimeSpan period = SweepPeriod(Options);
        _sweep = new Timer(static state => ((DecisionServer)state!).Sweep(), this, period, period);
        _acceptLoop = AcceptLoopAsync(listener);
        ServerLog.Listening(Logger, LocalAddress.ToString(), Policies.Current.Revision);
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        await Task.Yield();
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || _stopping.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException e)
            {
                // A connection reset before accept, or a transient resource shortage: keep listening.
                ServerLog.AcceptFailed(Logger, e);
                continue;
            }

            if (Options.Listen.IsUnix && !IsPeerAllowed(socket, out string peer))
            {
                ServerLog.PeerRefused(Logger, peer);
                socket.Dispose();
                continue;
            }

            string? peerKey = null;
            if (_peers is not null)
            {
                peerKey = PeerConnectionLimit.PeerOf(socket, Options.Listen.IsUnix);
                if (!_peers.TryEnter(peerKey))
                {
                    ServerLog.PeerLimitReached(Logger, peerKey, Options.MaxConnectionsPerPeer);
                    Refuse(socket, s_peerOverloadedFrame);
                    continue;
                }
            }

            int slot = ReserveSlot();
            if (slot < 0)
            {
                if (peerKey is not null)
                {
                    _peers!.Leave(peerKey);
                }

                ServerLog.ConnectionRefused(Logger, socket.RemoteEndPoint?.ToString() ?? "unix peer", Options.MaxConnections);
                Refuse(socket, s_overloadedFrame);
                continue;
            }

            if (!Options.Listen.IsUnix)
            {
                // Responses are written in whole batches: Nagle would only delay them.
                socket.NoDelay = true;
            }

            if (_authenticator is not null)
            {
                // Off the accept loop: a slow or silent handshake must not hold up the next accept.
                _ = AuthenticateAndServeAsync(_authenticator, socket, slot, peerKey);
                continue;
            }

            var connection = new ServerConnection(this, socket, slot, Interlocked.Increment(ref _nextConnectionId), peerKey);
            _registry.Attach(slot, connection);
            Metrics.ConnectionOpened();
            connection.Start();
        }
    }

    // A free slot; at the limit, the slot the connection idle longest gives up (it is told with a
    // closing Overloaded Error frame and closes on its own loop); -1 when no connection qualifies.
    private int ReserveSlot()
    {
        int slot = _registry.TryReserve();
        if (slot >= 0 || Options.EvictIdleAfter == Timeout.InfiniteTimeSpan)
        {
            return slot;
        }

        ServerConnection? victim = _registry.TryEvictLongestIdle(Environment.TickCount64, ToMilliseconds(Options.EvictIdleAfter));
        if (victim is null)
        {
            return -1;
        }

        victim.Evict();
        return _registry.TryReserve();
    }

    /// <summary>
    /// Serves one in-memory connection (the benchmark of the frame → decision → frame path without
    /// a socket). The server need not listen; the connection counts like any other.
    /// </summary>
    /// <param name="transport">The server's side of a duplex pipe.</param>
    /// <returns>Completes when the connection ends.</returns>
    internal Task ServeInMemory(System.IO.Pipelines.IDuplexPipe transport)
    {
        int slot = _registry.TryReserve();
        if (slot < 0)
        {
            throw new InvalidOperationException("no connection slot is free");
        }

        var connection = new ServerConnection(this, transport, slot, Interlocked.Increment(ref _nextConnectionId));
        _registry.Attach(slot, connection);
        Metrics.ConnectionOpened();
        connection.Start();
        return connection.Completion;
    }

    // SO_PEERCRED (Linux): the connecting process's uid and gid, as the kernel saw them at connect.
    private bool IsPeerAllowed(Socket socket, out string peer)
    {
        peer = "unix peer";
        if (Options.AllowedPeerUids is null && Options.AllowedPeerGids is null)
        {
            return true;
        }

        if (!PeerCredentials.TryRead(socket, out uint uid, out uint gid))
        {
            // Fail closed: a peer whose credentials cannot be read is not on any list.
            return false;
        }

        peer = $"unix peer uid {uid} gid {gid}";
        return Options.AllowedPeerUids?.Contains(uid) == true || Options.AllowedPeerGids?.Contains(gid) == true;
    }

    private static byte[] EncodeOverloaded(ReadOnlySpan<byte> message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        FrameWriter.WriteError(buffer, 0, ResponseStatus.Overloaded, closing: true, message);
        return buffer.WrittenSpan.ToArray();
    }

    // The refusal, as an Error frame the client can read, then a close. Never blocks the accept
    // loop: a fresh socket's send buffer is empty, and a non-blocking send that cannot complete is dropped.
    // On a TLS listener the close alone: the client's first read is its handshake, which a
    // plaintext frame would only corrupt, and a handshake per refused connection would spend the
    // CPU an overloaded server lacks.
    private void Refuse(Socket socket, byte[] frame)
    {
        // Counted before the frame leaves, so that a client that has read the refusal sees it in the stats.
        _registry.CountRefusal(StatsCounter.ErrorsOverloaded);
        Metrics.Error(ResponseStatus.Overloaded);
        try
        {
            socket.Blocking = false;
            if (Options.Tls is null)
            {
                socket.Send(frame, SocketFlags.None, out _);
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client is already gone.
        }
        finally
        {
            socket.Dispose();
        }
    }

    internal void OnConnectionClosed(ServerConnection connection, int slot)
    {
        _registry.Release(slot, connection);
        if (connection.Peer is { } peer)
        {
            _peers?.Leave(peer);
        }

        Metrics.ConnectionClosed();
        Trimmer.Released(ServerConnection.FixedBufferBytes(Options.Limits), quiet: IsNoLargeFrameInProgress());
    }

    internal void FillStats(Span<ulong> counters)
    {
        _registry.Sum(counters);
        counters[(int)StatsCounter.CurrentRevision] = Policies.Current.Revision;

        // The last walk's figure; the walk itself runs on the thread pool (CompiledBytesMeter).
        counters[(int)StatsCounter.CompiledBytes] = CompiledBytes.Read();
        counters[(int)StatsCounter.AllocatedBytes] = (ulong)GC.GetTotalAllocatedBytes(precise: true);
        ReloadHistory.Fill(counters, counters[(int)StatsCounter.CurrentRevision]);
        counters[(int)StatsCounter.ErrorsUnauthorized] = (ulong)(_authenticator?.Refused ?? 0);
    }

    private void Sweep()
    {
        _log.Flush();
        long now = Environment.TickCount64;
        var limits = new SweepLimits(
            ToMilliseconds(Options.IdleTimeout),
            ToMilliseconds(Options.FrameDeadline),
            Options.MinFrameRate,
            ToMilliseconds(Options.MinFrameRateGracePeriod));
        _registry.ForEach((now, limits), static (connection, t) => connection.CheckTimeouts(t.now, t.limits));
    }

    private static long ToMilliseconds(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? -1 : (long)timeout.TotalMilliseconds;

    // Often enough that a deadline is enforced within about a quarter of itself, never busier than 10 ms.
    private static TimeSpan SweepPeriod(ServerOptions options)
    {
        TimeSpan shortest = TimeSpan.FromSeconds(1);
        foreach (TimeSpan timeout in (ReadOnlySpan<TimeSpan>)[options.IdleTimeout, options.FrameDeadline, options.MinFrameRateGracePeriod])
        {
            if (timeout != Timeout.InfiniteTimeSpan && timeout / 4 < shortest)
            {
                shortest = timeout / 4;
            }
        }

        return shortest < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : shortest;
    }
}
