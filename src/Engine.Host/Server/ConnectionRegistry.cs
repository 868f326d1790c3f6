using Engine.Gateway.Metrics;
using Engine.Protocol;

namespace Engine.Host.Server;

/// <summary>
/// The open connections, one slot each, and the counters of closed ones. At the connection limit
/// the connection idle longest can be evicted to make room (issue #14, finding 5): it keeps its slot
/// until it has sent its closing Error frame and closed, and no longer counts against the limit, so
/// there are twice as many slots as the limit. The counters Connections count into their own arrays without atomics; a stats request sums the
/// live arrays and the closed totals under the same lock that folds a closing connection in, so no
/// request is counted twice or lost. A scrape of <c>GET /metrics</c> folds the same way (<see cref="AddTo"/>),
/// durations included.
/// </summary>
internal sealed class ConnectionRegistry
{
    // Counters each connection keeps: requests, decisions by kind, errors by status (wire order).
    public const int CountersPerConnection = (int)StatsCounter.ErrorsNotReady + 1;

    private readonly ServerConnection?[] _slots;
    private readonly bool[] _reserved;
    private readonly bool[] _evicting;
    private readonly int _limit;
    private readonly long[] _closedTotals = new long[CountersPerConnection];
    private readonly DurationTally _closedDurations = new();
    private readonly Lock _lock = new();
    private int _current;
    private int _evictingCount;
    private long _total;

    public ConnectionRegistry(int limit)
    {
        _limit = limit;
        int slots = limit > int.MaxValue / 2 ? int.MaxValue : limit * 2;
        _slots = new ServerConnection?[slots];
        _reserved = new bool[slots];
        _evicting = new bool[slots];
    }

    public int Current => Volatile.Read(ref _current);

    /// <summary>Takes a free slot, or returns -1 at the limit (the connection is refused unless one can be evicted).</summary>
    public int TryReserve()
    {
        lock (_lock)
        {
            if (_current - _evictingCount >= _limit)
            {
                return -1;
            }

            for (int i = 0; i < _reserved.Length; i++)
            {
                if (!_reserved[i])
                {
                    _reserved[i] = true;
                    _current++;
                    _total++;
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>Counts an Error response sent outside any connection (a connection refused as Overloaded).</summary>
    public void CountRefusal(StatsCounter counter)
    {
        lock (_lock)
        {
            _closedTotals[(int)counter]++;
        }
    }

    /// <summary>
    /// Picks the open connection idle longest — at least <paramref name="minIdleMs"/>, with no frame
    /// in progress and no response waiting to be read — and marks it as evicted, which frees its
    /// place under the limit at once. Null when none qualifies.
    /// </summary>
    public ServerConnection? TryEvictLongestIdle(long now, long minIdleMs)
    {
        lock (_lock)
        {
            int victim = -1;
            long longest = -1;
            for (int i = 0; i < _slots.Length; i++)
            {
                if (!_evicting[i] && Volatile.Read(ref _slots[i]) is { } live)
                {
                    long idle = live.IdleFor(now);
                    if (idle >= minIdleMs && idle > longest)
                    {
                        longest = idle;
                        victim = i;
                    }
                }
            }

            if (victim < 0)
            {
                return null;
            }

            _evicting[victim] = true;
            _evictingCount++;
            return _slots[victim];
        }
    }

    public void Attach(int slot, ServerConnection connection) => Volatile.Write(ref _slots[slot], connection);

    /// <summary>Frees a connection's slot and folds its counters and durations into the closed totals.</summary>
    public void Release(int slot, ServerConnection connection)
    {
        lock (_lock)
        {
            long[] counters = connection.Counters;
            for (int i = 0; i < CountersPerConnection; i++)
            {
                _closedTotals[i] += Volatile.Read(ref counters[i]);
            }

            _closedDurations.Absorb(connection.Durations);

            Volatile.Write(ref _slots[slot], null);
            _reserved[slot] = false;
            if (_evicting[slot])
            {
                _evicting[slot] = false;
                _evictingCount--;
            }

            _current--;
        }
    }

    /// <summary>Frees a slot reserved for a connection that was never attached: refused by the TLS or token handshake (ConnectionAuthenticator).</summary>
    public void ReleaseUnattached(int slot)
    {
        lock (_lock)
        {
            _reserved[slot] = false;
            if (_evicting[slot])
            {
                _evicting[slot] = false;
                _evictingCount--;
            }

            _current--;
        }
    }

    /// <summary>Writes the request, decision, error and connection counters into <paramref name="counters"/>.</summary>
    public void Sum(Span<ulong> counters)
    {
        lock (_lock)
        {
            for (int i = 0; i < CountersPerConnection; i++)
            {
                counters[i] = (ulong)_closedTotals[i];
            }

            foreach (ServerConnection? connection in _slots)
            {
                if (connection is not null)
                {
                    long[] live = connection.Counters;
                    for (int i = 0; i < CountersPerConnection; i++)
                    {
                        counters[i] += (ulong)Volatile.Read(ref live[i]);
                    }
                }
            }

            counters[(int)StatsCounter.CurrentConnections] = (ulong)_current;
            counters[(int)StatsCounter.TotalConnections] = (ulong)_total;
        }
    }

    /// <summary>
    /// Adds the answers by outcome and the durations of every connection, closed or open, to
    /// <paramref name="totals"/> (the binary transport's series of <c>GET /metrics</c>). Under the
    /// lock <see cref="Release"/> takes, so a closing connection is counted exactly once.
    /// </summary>
    public void AddTo(TransportTotals totals)
    {
        lock (_lock)
        {
            AddOutcomes(totals, _closedTotals);
            _closedDurations.AddTo(totals.Durations);
            foreach (ServerConnection? connection in _slots)
            {
                if (connection is not null)
                {
                    AddOutcomes(totals, connection.Counters);
                    connection.Durations.AddTo(totals.Durations);
                }
            }
        }
    }

    // Decisions by kind; every error status is outcome Error, except Overloaded: a connection
    // refused over --max-connections is not a request (engine_connections tells it).
    private static void AddOutcomes(TransportTotals totals, long[] counters)
    {
        totals.Add(DecisionOutcome.ImplicitDeny, Volatile.Read(ref counters[(int)StatsCounter.DecisionsImplicitDeny]));
        totals.Add(DecisionOutcome.Allow, Volatile.Read(ref counters[(int)StatsCounter.DecisionsAllow]));
        totals.Add(DecisionOutcome.ExplicitDeny, Volatile.Read(ref counters[(int)StatsCounter.DecisionsExplicitDeny]));
        long errors = 0;
        for (int i = (int)StatsCounter.ErrorsUnknownPrincipal; i <= (int)StatsCounter.ErrorsNotReady; i++)
        {
            if (i != (int)StatsCounter.ErrorsOverloaded)
            {
                errors += Volatile.Read(ref counters[i]);
            }
        }

        totals.Add(DecisionOutcome.Error, errors);
    }

    /// <summary>Calls <paramref name="visit"/> for every open connection (without allocating).</summary>
    public void ForEach<TState>(TState state, Action<ServerConnection, TState> visit)
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is { } live)
            {
                visit(live, state);
            }
        }
    }

    /// <summary>The open connections now (allocates; for shutdown only).</summary>
    public List<ServerConnection> Snapshot()
    {
        var list = new List<ServerConnection>();
        for (int i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) is { } live)
            {
                list.Add(live);
            }
        }

        return list;
    }
}
