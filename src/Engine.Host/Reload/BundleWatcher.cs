namespace Engine.Host.Reload;

/// <summary>
/// Watches a bundle directory and calls back once the changes have settled (debounced): editors
/// write a file in several steps, and a bundle is often edited file by file, so one reload after a
/// quiet period beats one per event. The callback runs on a timer thread, off the request path.
/// </summary>
public sealed class BundleWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _debounce;
    private readonly TimeSpan _quietPeriod;
    private readonly Action<Exception>? _failed;
    private int _hasFailed;

    /// <summary>Starts watching.</summary>
    /// <param name="directory">The bundle directory (watched recursively).</param>
    /// <param name="quietPeriod">How long no change must be seen before <paramref name="changed"/> runs.</param>
    /// <param name="changed">Called after a settled change.</param>
    /// <param name="failed">
    /// Called once, on the watcher's thread, when the watch itself fails (the inotify watch limit
    /// reached, the watch lost); the caller falls back to polling. An overflow of the event queue
    /// is not a failure: the watch goes on and a reload catches what it missed.
    /// </param>
    /// <exception cref="IOException">The watch cannot start (for example the inotify instance limit is reached).</exception>
    /// <exception cref="ArgumentException">The directory does not exist.</exception>
    public BundleWatcher(string directory, TimeSpan quietPeriod, Action changed, Action<Exception>? failed = null)
    {
        ArgumentNullException.ThrowIfNull(changed);
        _quietPeriod = quietPeriod;
        _failed = failed;
        _debounce = new Timer(_ => changed(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += OnChange;
        _watcher.Created += OnChange;
        _watcher.Deleted += OnChange;
        _watcher.Renamed += OnChange;

        // An overflowed or failed watch may have missed a change: reload to be sure (a BundlePoller
        // catches what the watch cannot see at all, such as the directory itself being replaced).
        _watcher.Error += (_, e) => OnWatchError(e.GetException());
        _watcher.EnableRaisingEvents = true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _watcher.Dispose();
        _debounce.Dispose();
    }

    /// <summary>What the watch's Error event does: reload, and report a failure that is not a mere overflow once.</summary>
    /// <param name="error">The watch's exception.</param>
    internal void OnWatchError(Exception error)
    {
        _debounce.Change(_quietPeriod, Timeout.InfiniteTimeSpan);
        if (error is not InternalBufferOverflowException && Interlocked.Exchange(ref _hasFailed, 1) == 0)
        {
            _failed?.Invoke(error);
        }
    }

    // Every event pushes the deadline back; the timer fires once the directory has been quiet.
    private void OnChange(object sender, FileSystemEventArgs e) => _debounce.Change(_quietPeriod, Timeout.InfiniteTimeSpan);
}
