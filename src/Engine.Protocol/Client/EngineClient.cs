
namespace Engine.Protocol.Client;

/// <summary>
/// A client of the decision server (<c>engine serve</c>), for gateway plugins and services that
/// ask it for decisions. Thread-safe and pipelined: any number of callers may have queries in
/// flight on its one connection, each answer matched to its query by request id. A warm query
/// allocates nothing (pooled in-flight slots, answers decoded in place, queries written by
/// concurrent callers sent together). After the connection drops, the queries in flight fail
/// with <see cref="EngineConnectionException"/> and the next query reconnects, backing off while
/// the server stays unreachable. This file holds the public surface; <c>EngineClient.Slots.cs</c>
/// the in-flight slots and <c>EngineClient.Connect.cs</c> connecting.
/// </summary>
/// <remarks>
/// Await each returned <see cref="ValueTask{TResult}"/> exactly once: the awaitable is a pooled
/// slot that goes back to the pool when its result is read.
/// </remarks>
public sealed partial class EngineClient : IAsyncDisposable
{
    private readonly SemaphoreSlim _inFlight;
    private int _disposed;

    private EngineClient(ListenAddress address, EngineClientOptions options)
    {
        Address = address;
        Options = options;
        _inFlight = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
        _slots = new PendingRequest?[options.MaxInFlight];
        _free = new Stack<PendingRequest>(options.MaxInFlight);
    }

    /// <summary>The server's address.</summary>
    public ListenAddress Address { get; }

    /// <summary>The limits, in-flight bound and reconnect backoff.</summary>
    public EngineClientOptions Options { get; }

    /// <summary>Queries and other requests sent and not yet answered (or not yet awaited).</summary>
    public int Outstanding => Options.MaxInFlight - _inFlight.CurrentCount;

    /// <summary>True while the client has a live connection.</summary>
    public bool IsConnected => Volatile.Read(ref _connection) is { IsClosed: false };

    /// <summary>Creates a client that connects on its first request.</summary>
    /// <param name="address">Where the server listens.</param>
    /// <param name="options">Limits, in-flight bound and reconnect backoff; <see cref="EngineClientOptions.Default"/> when null.</param>
    /// <returns>The client, not yet connected.</returns>
    public static EngineClient Create(ListenAddress address, EngineClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        options ??= EngineClientOptions.Default;
        options.Validate();
        return new EngineClient(address, options);
    }

    /// <summary>Connects to a server.</summary>
    /// <param name="address"><c>HOST:PORT</c> or <c>unix:PATH</c>.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="EngineConnectionException">The server cannot be reached.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in the address's type (text or parsed), not in which optional parameters they take; no call binds ambiguously.")]
    public static Task<EngineClient> ConnectAsync(string address, CancellationToken cancellationToken = default) =>
        ConnectAsync(ListenAddress.Parse(address), null, cancellationToken);

    /// <summary>Connects to a server.</summary>
    /// <param name="address">Where the server listens.</param>
    /// <param name="options">Limits, in-flight bound and reconnect backoff; <see cref="EngineClientOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="EngineConnectionException">The server cannot be reached.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in the address's type (text or parsed), not in which optional parameters they take; no call binds ambiguously.")]
    public static async Task<EngineClient> ConnectAsync(ListenAddress address, EngineClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        EngineClient client = Create(address, options);
        try
        {
            await client.GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return client;
    }

    /// <summary>
    /// Asks for a decision. Allocation-free once warm when <paramref name="cancellationToken"/>
    /// cannot be cancelled (a cancellable token costs its registration) and the strings and
    /// context list are the caller's own.
    /// </summary>
    /// <param name="principal">The caller's ARN.</param>
    /// <param name="action"><c>service:Action</c>.</param>
    /// <param name="resource">The resource ARN or <c>*</c>.</param>
    /// <param name="resourceAccount">The resource's account, or null to let the server derive it.</param>
    /// <param name="context">Context entries, or null.</param>
    /// <param name="cancellationToken">Stops waiting: the query completes with <see cref="OperationCanceledException"/> and its late answer is dropped.</param>
    /// <returns>The answer; grant access only when <see cref="DecisionResult.IsAllowed"/>.</returns>
    /// <exception cref="ArgumentException">A string cannot be encoded or the query is too large for the protocol.</exception>
    /// <exception cref="EngineConnectionException">The server cannot be reached, or the connection ended before the answer came.</exception>
    /// <exception cref="EngineServerException">The server answered with an Error frame.</exception>
    /// <exception cref="ObjectDisposedException">The client is disposed.</exception>
    public ValueTask<DecisionResult> QueryAsync(
        string principal,
        string action,
        string resource,
        string? resourceAccount = null,
        IReadOnlyList<QueryContextEntry>? context = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(resource);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<DecisionResult>(cancellationToken);
        }

        ClientConnection? connection = Volatile.Read(ref _connection);
        if (connection is null || connection.IsClosed || !_inFlight.Wait(0, CancellationToken.None))
        {
            return QuerySlowAsync(principal, action, resource, resourceAccount, context, cancellationToken);
        }

        return SendQuery(connection, RentSlot(), principal, action, resource, resourceAccount, context, cancellationToken);
    }

    /// <summary>Checks the server is alive and asks which policy revision it serves.</summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The pong.</returns>
    /// <exception cref="EngineConnectionException">The server cannot be reached, or the connection ended before the answer came.</exception>
    public async Task<PongResponse> PingAsync(CancellationToken cancellationToken = default) =>
        (PongResponse)(await SendControlAsync(FrameType.Ping, FrameType.Pong, cancellationToken).ConfigureAwait(false))!;

    /// <summary>Reads the server's counters.</summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The counters.</returns>
    /// <exception cref="EngineConnectionException">The server cannot be reached, or the connection ended before the answer came.</exception>
    public async Task<StatsResponse> StatsAsync(CancellationToken cancellationToken = default) =>
        (StatsResponse)(await SendControlAsync(FrameType.StatsRequest, FrameType.Stats, cancellationToken).ConfigureAwait(false))!;

    /// <summary>Closes the connection; queries in flight fail with <see cref="EngineConnectionException"/>, later calls throw <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A task that ends when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Waits out a connect in progress, so no connection is made after this.
        await _connectLock.WaitAsync().ConfigureAwait(false);
        ClientConnection? connection = Volatile.Read(ref _connection);
        _connectLock.Release();
        if (connection is not null)
        {
            connection.Close(new EngineConnectionException("the client was disposed before the answer came"));
            await connection.Completion.ConfigureAwait(false);
        }
    }

    private async ValueTask<DecisionResult> QuerySlowAsync(
        string principal,
        string action,
        string resource,
        string? resourceAccount,
        IReadOnlyList<QueryContextEntry>? context,
        CancellationToken cancellationToken)
    {
        ClientConnection connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await SendQuery(connection, RentSlot(), principal, action, resource, resourceAccount, context, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<DecisionResult> SendQuery(
        ClientConnection connection,
        PendingRequest slot,
        string principal,
        string action,
        string resource,
        string? resourceAccount,
        IReadOnlyList<QueryContextEntry>? context,
        CancellationToken cancellationToken)
    {
        ulong id = slot.Start(connection, FrameType.Decision);
        bool written;
        try
        {
            written = connection.TryWriteQuery(id, principal, action, resource, resourceAccount, context);
        }
        catch
        {
            slot.Abandon(id);
            throw;
        }

        if (!written)
        {
            // Closed between the check and the write: fails like a query the close caught in flight.
            slot.TryFail(connection, ConnectionClosed());
        }

        slot.WatchCancellation(cancellationToken);
        return new ValueTask<DecisionResult>(slot, slot.Version);
    }

    private async Task<ServerResponse?> SendControlAsync(FrameType request, FrameType expected, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ClientConnection connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        PendingRequest slot = RentSlot();
        ulong id = slot.Start(connection, expected);
        if (!connection.TryWriteControl(request, id))
        {
            slot.TryFail(connection, ConnectionClosed());
        }

        slot.WatchCancellation(cancellationToken);
        return await new ValueTask<ServerResponse?>(slot, slot.Version).ConfigureAwait(false);
    }

    private EngineConnectionException ConnectionClosed() =>
        Volatile.Read(ref _disposed) != 0
            ? new EngineConnectionException("the client was disposed before the answer came")
            : new EngineConnectionException($"the connection to the engine server at `{Address}` closed before the answer came");
}
