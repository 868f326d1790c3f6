namespace Engine.Host.Reload;

/// <summary>
/// Polls the bundle's files for a change: the fallback for what a <see cref="BundleWatcher"/>
/// cannot see (issue #14, finding 3). inotify watches an inode, so a bundle directory deleted and
/// recreated, moved, or swapped through a symbolic link (a Kubernetes ConfigMap's <c>..data</c>
/// swap) silences the watcher; a poll compares what the paths lead to now — every file reached
/// through them, symbolic links followed, with its final target, size and modification time — and
/// calls back when that differs. Cheap (metadata only); the reload itself decides whether the
/// content changed (its revision is a content hash).
/// </summary>
public sealed class BundlePoller : IDisposable
{
    private readonly IReadOnlyList<string> _paths;
    private readonly Action _changed;
    private readonly Timer _timer;
    private string _fingerprint;
    private int _polling;

    /// <summary>Starts polling.</summary>
    /// <param name="paths">What <c>--bundle</c> named (directories or files).</param>
    /// <param name="interval">Time between two polls.</param>
    /// <param name="changed">Called, on a timer thread, when the fingerprint differs from the last poll.</param>
    public BundlePoller(IReadOnlyList<string> paths, TimeSpan interval, Action changed)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(changed);
        _paths = paths;
        _changed = changed;
        Interval = interval;
        _fingerprint = Fingerprint(paths);
        _timer = new Timer(_ => Poll(), null, interval, interval);
    }

    /// <summary>Time between two polls.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Forces one poll now (tests); calls back when something changed.</summary>
    /// <returns>True when a change was seen.</returns>
    public bool Poll()
    {
        // One poll at a time: a slow file system must not stack them up.
        if (Interlocked.Exchange(ref _polling, 1) == 1)
        {
            return false;
        }

        try
        {
            string now = Fingerprint(_paths);
            if (string.Equals(now, _fingerprint, StringComparison.Ordinal))
            {
                return false;
            }

            _fingerprint = now;
            _changed();
            return true;
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _timer.Dispose();

    internal static string Fingerprint(IReadOnlyList<string> paths)
    {
        var entries = new List<string>();
        foreach (string path in paths)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    // Dot entries included: a ConfigMap keeps its content under `..data` and `..<timestamp>`.
                    var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
                    foreach (string file in Directory.EnumerateFiles(path, "*", options))
                    {
                        entries.Add(Describe(file));
                    }
                }
                else
                {
                    entries.Add(Describe(path));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Mid-swap or gone: a fingerprint of its own, so the poll after it sees the change.
                entries.Add($"{path}\0unreadable");
            }
        }

        entries.Sort(StringComparer.Ordinal);
        return string.Join('\n', entries);
    }

    private static string Describe(string file)
    {
        string target = File.ResolveLinkTarget(file, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(file);
        var info = new FileInfo(target);
        return info.Exists
            ? $"{file}\0{target}\0{info.Length}\0{info.LastWriteTimeUtc.Ticks}"
            : $"{file}\0{target}\0missing";
    }
}
