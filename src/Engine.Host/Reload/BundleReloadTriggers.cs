namespace Engine.Host.Reload;

/// <summary>
/// Everything that reloads a served bundle when its files change: a <see cref="BundleWatcher"/>
/// per directory and, when asked for or when a watch fails, a <see cref="BundlePoller"/>. A watch
/// that cannot start or that fails later (the inotify limits, issue #14 finding 3) is reported once
/// and polling takes over, so reload never stops without a word.
/// </summary>
internal sealed class BundleReloadTriggers : IDisposable
{
    /// <summary>The quiet period a watcher waits for before reloading (editors write in steps).</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(500);

    private readonly IReadOnlyList<string> _paths;
    private readonly Action _reload;
    private readonly Action<string, Exception, TimeSpan> _watchFailed;
    private readonly TimeSpan _fallbackInterval;
    private readonly List<BundleWatcher> _watchers = [];
    private readonly Lock _lock = new();
    private BundlePoller? _poller;
    private bool _disposed;

    /// <summary>Starts the watchers and the poller asked for.</summary>
    /// <param name="paths">What <c>--bundle</c> named.</param>
    /// <param name="watch">Whether to watch the bundle's directories.</param>
    /// <param name="pollInterval">Time between polls; infinite for none unless a watch fails.</param>
    /// <param name="fallbackInterval">Time between polls once a watch has failed and nothing polls yet.</param>
    /// <param name="reload">Reloads the bundle (off the request path).</param>
    /// <param name="watchFailed">Reports a failed watch: the directory, the error and the poll interval now in force.</param>
    public BundleReloadTriggers(IReadOnlyList<string> paths, bool watch, TimeSpan pollInterval, TimeSpan fallbackInterval, Action reload, Action<string, Exception, TimeSpan> watchFailed)
    {
        _paths = paths;
        _reload = reload;
        _watchFailed = watchFailed;
        _fallbackInterval = fallbackInterval;
        if (pollInterval != Timeout.InfiniteTimeSpan)
        {
            _poller = new BundlePoller(paths, pollInterval, reload);
        }

        if (!watch)
        {
            return;
        }

        foreach (string directory in BundleReload.WatchedDirectories(paths))
        {
            try
            {
                _watchers.Add(new BundleWatcher(directory, QuietPeriod, reload, e => OnWatchFailed(directory, e)));
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                OnWatchFailed(directory, e);
            }
        }
    }

    /// <summary>The poller in force (asked for, or started when a watch failed); null when nothing polls.</summary>
    public BundlePoller? Poller
    {
        get
        {
            lock (_lock)
            {
                return _poller;
            }
        }
    }

    /// <summary>The watchers that started.</summary>
    public IReadOnlyList<BundleWatcher> Watchers => _watchers;

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _poller?.Dispose();
        }

        foreach (BundleWatcher watcher in _watchers)
        {
            watcher.Dispose();
        }
    }

    private void OnWatchFailed(string directory, Exception error)
    {
        TimeSpan interval;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _poller ??= new BundlePoller(_paths, _fallbackInterval, _reload);
            interval = _poller.Interval;
        }

        _watchFailed(directory, error, interval);
    }
}
