namespace Engine.Host.Server;

/// <summary>
/// Holds the policy source in use. A request reads <see cref="Current"/> once into a local and
/// finishes on it; <see cref="TryReload"/> builds the next source off the request path and swaps it
/// in by reference only when the build succeeds (the old source stays on any failure).
/// </summary>
public sealed class PolicySourceHolder
{
    private readonly Func<IPolicySource, IPolicySource?>? _rebuild;
    private readonly Lock _reloadLock = new();
    private volatile IPolicySource _current;
    private long _loadedTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Creates a holder.</summary>
    /// <param name="initial">The source to serve first.</param>
    /// <param name="rebuild">
    /// Builds the next source from the current one (compile and validate completely); returns null
    /// when there is nothing to change. Null means reload is a no-op.
    /// </param>
    public PolicySourceHolder(IPolicySource initial, Func<IPolicySource, IPolicySource?>? rebuild = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
        _rebuild = rebuild;
    }

    /// <summary>The source in use; read it once per request.</summary>
    public IPolicySource Current => _current;

    /// <summary>When <see cref="Current"/> was swapped in (or the holder created), a <see cref="System.Diagnostics.Stopwatch"/> timestamp: the age <c>GET /metrics</c> shows.</summary>
    public long LoadedTimestamp => Interlocked.Read(ref _loadedTimestamp);

    /// <summary>Whether <see cref="TryReload"/> can change anything.</summary>
    public bool CanReload => _rebuild is not null;

    /// <summary>Replaces the source (for example after an external reload).</summary>
    /// <param name="next">The new source.</param>
    /// <returns>The source it replaced.</returns>
    public IPolicySource Swap(IPolicySource next)
    {
        ArgumentNullException.ThrowIfNull(next);
        IPolicySource previous = Interlocked.Exchange(ref _current, next);
        Interlocked.Exchange(ref _loadedTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
        return previous;
    }

    /// <summary>
    /// Rebuilds the source with the delegate given at construction and swaps it in on success.
    /// Reloads are serialised; requests are never blocked.
    /// </summary>
    /// <param name="error">Why the rebuild failed; null on success or when there was nothing to do.</param>
    /// <returns>True when a new source was swapped in.</returns>
    public bool TryReload(out Exception? error)
    {
        error = null;
        if (_rebuild is null)
        {
            return false;
        }

        lock (_reloadLock)
        {
            IPolicySource? next;
            try
            {
                next = _rebuild(_current);
            }
            // A reload must never take the server down: any failure keeps the old source.
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                error = e;
                return false;
            }

            if (next is null)
            {
                return false;
            }

            _current = next;
            Interlocked.Exchange(ref _loadedTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
            return true;
        }
    }
}
