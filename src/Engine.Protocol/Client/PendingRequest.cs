using System.Threading.Tasks.Sources;

namespace Engine.Protocol.Client;

/// <summary>
/// One in-flight slot of an <see cref="EngineClient"/>, pooled and reused: the awaitable a query
/// returns (a <see cref="ManualResetValueTaskSourceCore{TResult}"/>, so no Task, closure or record
/// per query) and the id its answer is matched by.
/// </summary>
/// <remarks>
/// INVARIANT (one completion): whoever moves <see cref="_awaitingId"/> from the slot's current id
/// to 0 — the receive loop with the answer, the cancellation callback, or the connection's close —
/// completes the slot; the others find 0 or a newer id and drop what they had. The id is
/// <c>sequence &lt;&lt; 32 | index</c> and the sequence grows on every use, so a late answer to a
/// cancelled query never completes the slot's next query.
/// </remarks>
internal sealed class PendingRequest : IValueTaskSource<DecisionResult>, IValueTaskSource<ServerResponse?>, IThreadPoolWorkItem
{
    /// <summary>Slot indexes live in the id's low 32 bits; this bounds <see cref="EngineClientOptions.MaxInFlight"/>.</summary>
    public const int MaxSlots = 1 << 20;

    private readonly EngineClient _owner;

    // Continuations run on the pool thread that runs Execute, never on the receive loop: a caller
    // that blocks in its continuation cannot stall the connection.
    private ManualResetValueTaskSourceCore<DecisionResult> _core;
    private ulong _awaitingId;
    private uint _sequence;
    private CancellationTokenRegistration _cancellation;
    private DecisionResult _result;
    private ServerResponse? _other;
    private Exception? _error;

    public PendingRequest(EngineClient owner, int index)
    {
        _owner = owner;
        Index = index;
    }

    public int Index { get; }

    /// <summary>The connection the request was written to; read by the close that fails it.</summary>
    public ClientConnection? Connection { get; private set; }

    /// <summary>The response frame type that answers the request.</summary>
    public FrameType Expected { get; private set; }

    public short Version => _core.Version;

    /// <summary>Takes the slot for a new request; returns its id.</summary>
    public ulong Start(ClientConnection connection, FrameType expected)
    {
        _sequence = _sequence == uint.MaxValue ? 1 : _sequence + 1;
        ulong id = ((ulong)_sequence << 32) | (uint)Index;
        Connection = connection;
        Expected = expected;
        Volatile.Write(ref _awaitingId, id);
        return id;
    }

    /// <summary>Fails the request with <see cref="OperationCanceledException"/> when the token fires.</summary>
    public void WatchCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingRequest)state!).TryFail(new OperationCanceledException(token)),
                this);
        }
    }

    /// <summary>True (once) when <paramref name="id"/> is the request this slot waits for; the caller must then complete it.</summary>
    public bool TryClaim(ulong id) => id != 0 && Interlocked.CompareExchange(ref _awaitingId, 0, id) == id;

    public void Complete(in DecisionResult result)
    {
        _result = result;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public void Complete(ServerResponse other)
    {
        _other = other;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public void Fail(Exception error)
    {
        _error = error;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Fails the current request if it is still waiting.</summary>
    public void TryFail(Exception error)
    {
        if (TryClaim(Volatile.Read(ref _awaitingId)))
        {
            Fail(error);
        }
    }

    /// <summary>Fails the current request if it waits on <paramref name="connection"/>.</summary>
    public void TryFail(ClientConnection connection, Exception error)
    {
        // The id first: Start writes Connection before the id, so a newer request's id comes with its own connection.
        ulong id = Volatile.Read(ref _awaitingId);
        if (id != 0 && ReferenceEquals(Connection, connection) && TryClaim(id))
        {
            Fail(error);
        }
    }

    /// <summary>Gives back a slot whose frame was never written (its input could not be encoded).</summary>
    public void Abandon(ulong id)
    {
        if (TryClaim(id))
        {
            Release();
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        if (_error is { } error)
        {
            _core.SetException(error);
        }
        else
        {
            _core.SetResult(_result);
        }
    }

    DecisionResult IValueTaskSource<DecisionResult>.GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    ServerResponse? IValueTaskSource<ServerResponse?>.GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
            return _other;
        }
        finally
        {
            Release();
        }
    }

    ValueTaskSourceStatus IValueTaskSource<DecisionResult>.GetStatus(short token) => _core.GetStatus(token);

    ValueTaskSourceStatus IValueTaskSource<ServerResponse?>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<DecisionResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    void IValueTaskSource<ServerResponse?>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    // Back to the pool once the caller has its result (or the request was never sent).
    private void Release()
    {
        // Waits for a cancellation callback running now, so it cannot touch the slot's next use.
        _cancellation.Dispose();
        _cancellation = default;
        _result = default;
        _other = null;
        _error = null;
        Connection = null;
        _core.Reset();
        _owner.ReturnSlot(this);
    }
}
