using System.Net;
using Engine.Bundles;
using Engine.Gateway.Metrics;
using Engine.Protocol;
using Engine.Runtime.Evaluation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Engine.Host.Server;

/// <summary>How a <see cref="DecisionServer"/> listens and what it tolerates from clients.</summary>
public sealed record ServerOptions
{
    /// <summary>The default listen address, <c>127.0.0.1:7070</c> (loopback: a sidecar is local).</summary>
    public static ListenAddress DefaultListen { get; } = ListenAddress.Tcp(new IPEndPoint(IPAddress.Loopback, 7070));

    /// <summary>Where to listen; port 0 picks a free port (see <see cref="DecisionServer.LocalAddress"/>).</summary>
    public ListenAddress Listen { get; init; } = DefaultListen;

    /// <summary>
    /// Where socket completions run; process-wide, so <c>engine serve</c> applies it with
    /// <see cref="Engine.Protocol.SocketCompletions.Use"/> before creating any socket. An embedded
    /// <see cref="DecisionServer"/> runs in whatever mode its process chose.
    /// </summary>
    public SocketCompletionMode SocketCompletions { get; init; } = SocketCompletionMode.Inline;

    /// <summary>Frame size and context limits (64 KiB frames by default).</summary>
    public ProtocolLimits Limits { get; init; } = ProtocolLimits.Default;

    /// <summary>
    /// The one budget for bytes buffered across all connections for frames larger than 64 KiB
    /// (<see cref="ServerConnection.SmallFrameBytes"/>): such a frame reserves its size when its
    /// header is in, before its body is read, and gives it back once answered. A frame that does not
    /// fit gets an Error frame Overloaded (Closing) and its connection is closed. Frames up to 64 KiB
    /// use each connection's own small buffers and are not counted. Null (the default) for
    /// <see cref="DefaultMaxBufferedBytes"/>; at least <see cref="ProtocolLimits.MaxFrameSize"/>.
    /// </summary>
    public long? MaxBufferedBytes { get; init; }

    /// <summary>
    /// The default of <see cref="MaxBufferedBytes"/>: four frames of the largest size, or 64 MiB when
    /// that is more, but never more than every connection holding one largest frame:
    /// <c>min(maxFrameSize × maxConnections, max(4 × maxFrameSize, 64 MiB))</c>.
    /// </summary>
    /// <param name="maxFrameSize">The frame size limit (<c>--max-frame-bytes</c>).</param>
    /// <param name="maxConnections">The connection limit (<c>--max-connections</c>).</param>
    public static long DefaultMaxBufferedBytes(int maxFrameSize, int maxConnections) =>
        Math.Min((long)maxFrameSize * maxConnections, Math.Max(4L * maxFrameSize, 64L * 1024 * 1024));

    /// <summary>The budget in effect: <see cref="MaxBufferedBytes"/> or its default.</summary>
    internal long EffectiveMaxBufferedBytes => MaxBufferedBytes ?? DefaultMaxBufferedBytes(Limits.MaxFrameSize, MaxConnections);

    /// <summary>Connections served at once; a connection over the limit gets an Overloaded Error frame and is closed on accept.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>
    /// Requests one connection answers per batch before its responses are flushed and the flush is
    /// awaited (backpressure: a client that does not read stops being read).
    /// </summary>
    public int MaxInFlight { get; init; } = 256;

    /// <summary>Unflushed response bytes that end a batch early and force a flush.</summary>
    public int FlushThresholdBytes { get; init; } = 64 * 1024;

    /// <summary>A connection that sends nothing for this long is closed; <see cref="Timeout.InfiniteTimeSpan"/> disables it.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Time a client has to finish a frame it started, and to take responses off a blocked flush;
    /// a connection over it is aborted, so a slow client cannot hold the server.
    /// </summary>
    public TimeSpan FrameDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Connections one peer may hold at once — one IP address on TCP, one user id on a Unix socket
    /// (<c>SO_PEERCRED</c>); more get an Overloaded Error frame and are closed on accept. 0 (the
    /// default) for no limit: a sidecar's clients often all come from 127.0.0.1 or one user.
    /// </summary>
    public int MaxConnectionsPerPeer { get; init; }

    /// <summary>
    /// At <see cref="MaxConnections"/>, a new connection closes the connection idle longest, if it
    /// has been idle at least this long, rather than being refused (the closed one gets an Overloaded
    /// Error frame, as a refused one would); <see cref="Timeout.InfiniteTimeSpan"/> never closes one.
    /// A client that sends a Ping every few seconds on every connection can no longer lock others out.
    /// </summary>
    public TimeSpan EvictIdleAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The lowest average rate, in bytes per second, at which a frame that has started may arrive
    /// once <see cref="MinFrameRateGracePeriod"/> has passed; a client trickling a frame slower is
    /// aborted (as Kestrel's <c>MinRequestBodyDataRate</c>). 0 turns it off. Default 240.
    /// </summary>
    public int MinFrameRate { get; init; } = 240;

    /// <summary>How long a frame may arrive slower than <see cref="MinFrameRate"/> before it counts (default 5 s).</summary>
    public TimeSpan MinFrameRateGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <see cref="DecisionServer.StopAsync"/> lets connections answer what they received before aborting them.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The mode of a Unix socket's file, set before the server listens, whatever the umask
    /// (default <c>0600</c>: only the server's user may connect).
    /// </summary>
    public UnixFileMode UnixSocketMode { get; init; } = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// On a Unix socket, the peer user ids allowed to connect (checked with <c>SO_PEERCRED</c>);
    /// a peer whose uid is here or whose gid is in <see cref="AllowedPeerGids"/> is served, any other
    /// is closed on accept. When both are null anyone the socket's mode lets in is served.
    /// </summary>
    public IReadOnlySet<uint>? AllowedPeerUids { get; init; }

    /// <summary>On a Unix socket, the peer group ids allowed to connect; see <see cref="AllowedPeerUids"/>.</summary>
    public IReadOnlySet<uint>? AllowedPeerGids { get; init; }

    /// <summary>
    /// TLS on a TCP listener, with client certificates when it names a client CA (docs/server.md,
    /// "Running it safely"); null (the default) for plain TCP. Refused on a Unix socket.
    /// </summary>
    public ServerTlsOptions? Tls { get; init; }

    /// <summary>
    /// The shared secret every connection must present in a Hello frame before anything else
    /// (<c>--auth-token-file</c>, docs/wire-protocol.md §10); re-read from its file on every reload.
    /// Null (the default): no token. With this or client certificates, Stats go only to peers that
    /// passed, since no other peer gets a connection.
    /// </summary>
    public SharedSecret? AuthToken { get; init; }

    /// <summary>
    /// Checks each query's context before it is decided (docs/server.md, "Context checking"): a
    /// context entry whose values do not fit its key's type is answered with an Error frame, status
    /// Malformed, naming the key, and never decided. Default: <see cref="GlobalContextValidator.Strict"/>
    /// (<c>--context-check strict</c>); null turns the check off (<c>--context-check off</c>: the spec's
    /// semantics for such values, iam-semantics.md §7.3).
    /// </summary>
    public ContextValidator? ContextValidator { get; init; } = GlobalContextValidator.Strict;

    /// <summary>Where the server logs (start, stop, connection and protocol errors; never one line per request).</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The registry <c>GET /metrics</c> exports, shared with the HTTP listeners; the server keeps a private one when null.</summary>
    public EngineMetrics? Metrics { get; init; }

    /// <summary>
    /// Log lines of one kind (one event id) written per second at most; the rest are counted and
    /// summed up in one "suppressed N similar lines" line when the second ends (default 10).
    /// </summary>
    public int LogLinesPerSecond { get; init; } = 10;

    /// <summary>The clock for log windows and reload times; tests set their own.</summary>
    internal TimeProvider Time { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Listen);
        ArgumentNullException.ThrowIfNull(LoggerFactory);
        if (Limits.MaxFrameSize == 0)
        {
            throw new ArgumentException("limits must be set", nameof(Limits));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(MaxConnections));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThan(FlushThresholdBytes, 1, nameof(FlushThresholdBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(LogLinesPerSecond, 1, nameof(LogLinesPerSecond));
        CheckTimeout(IdleTimeout, nameof(IdleTimeout));
        CheckTimeout(FrameDeadline, nameof(FrameDeadline));
        CheckTimeout(DrainTimeout, nameof(DrainTimeout));
        CheckTimeout(EvictIdleAfter, nameof(EvictIdleAfter));
        CheckTimeout(MinFrameRateGracePeriod, nameof(MinFrameRateGracePeriod));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxConnectionsPerPeer, nameof(MaxConnectionsPerPeer));
        ArgumentOutOfRangeException.ThrowIfNegative(MinFrameRate, nameof(MinFrameRate));
        if (Tls is not null && Listen.IsUnix)
        {
            throw new ArgumentException(
                "TLS is for TCP listeners: a Unix socket is protected by its mode (--socket-mode) and the peer allow-list (--allow-peer-uid); use --auth-token-file for a shared secret",
                nameof(Tls));
        }

        if (MaxBufferedBytes is { } budget && budget < Limits.MaxFrameSize)
        {
            // Smaller than one frame of the largest size: such frames could never be answered.
            throw new ArgumentOutOfRangeException(nameof(MaxBufferedBytes), budget, "the buffered-bytes budget must hold at least one frame of the largest size");
        }
    }

    private static void CheckTimeout(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "a timeout must be positive or infinite");
        }
    }
}
