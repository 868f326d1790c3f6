namespace Engine.Host.Server;

/// <summary>
/// Gives memory back to the operating system after a burst. The buffers of a large frame, and the
/// small buffers of many closed connections, become garbage when they are done with; but an idle
/// server allocates nothing, so no collection ever runs and the heap keeps its peak size (issue #14:
/// 32 frames of 16 MiB took the RSS from 55 MB to 3.1 GB, and it stayed there). Once
/// <see cref="TrimAfterBytes"/> have been released since the last trim and no large frame is in
/// progress, one aggressive, compacting full collection runs (it decommits the free space), at
/// most once per <see cref="MinInterval"/> and never on a request's thread.
/// </summary>
internal sealed class MemoryTrimmer : IDisposable
{
    /// <summary>Bytes released since the last trim that make another worth its pause.</summary>
    public const long TrimAfterBytes = 16L * 1024 * 1024;

    /// <summary>The wait after the burst seems over, so that a burst's tail is trimmed once.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    /// <summary>The least time between two trims: a full blocking collection pauses every request.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(30);

    private readonly Func<bool> _isQuiet;
    private readonly Timer _timer;
    private long _released;
    private long _lastTrim = long.MinValue / 2;
    private int _scheduled;
    private long _trims;

    /// <param name="isQuiet">Whether no large frame is in progress (the budget's gauge is 0).</param>
    public MemoryTrimmer(Func<bool> isQuiet)
    {
        _isQuiet = isQuiet;
        _timer = new Timer(static state => ((MemoryTrimmer)state!).OnTimer(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Trims done since start (tests and docs).</summary>
    public long Trims => Volatile.Read(ref _trims);

    /// <summary>Notes that <paramref name="bytes"/> of buffers are garbage now.</summary>
    /// <param name="bytes">How many.</param>
    /// <param name="quiet">Whether nothing large is in progress any more (a trim now would not be undone at once).</param>
    public void Released(long bytes, bool quiet)
    {
        if (Interlocked.Add(ref _released, bytes) >= TrimAfterBytes && quiet)
        {
            Schedule();
        }
    }

    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
        {
            return;
        }

        long sinceLast = Environment.TickCount64 - Volatile.Read(ref _lastTrim);
        long wait = Math.Max((long)Delay.TotalMilliseconds, (long)MinInterval.TotalMilliseconds - sinceLast);
        try
        {
            _timer.Change(wait, Timeout.Infinite);
        }
        catch (ObjectDisposedException)
        {
            // Stopped: nothing left to trim for.
        }
    }

    private void OnTimer()
    {
        Volatile.Write(ref _scheduled, 0);
        if (!_isQuiet())
        {
            // A large frame started meanwhile: its release schedules the trim again.
            return;
        }

        Interlocked.Exchange(ref _released, 0);
        Volatile.Write(ref _lastTrim, Environment.TickCount64);
        // Aggressive: compacts and decommits the freed segments, which a normal gen-2 GC keeps for reuse.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Interlocked.Increment(ref _trims);
    }

    public void Dispose() => _timer.Dispose();
}
