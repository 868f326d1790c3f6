using Engine.Protocol;

namespace Engine.Host.Server;

/// <summary>
/// What the Stats frame says about reloads (issue #14, finding 3: a reload must not fail unseen):
/// when the policy set in use was loaded, how many reloads failed and when the last one did, the
/// last failure's message, and how often watching the bundle failed so that polling took over.
/// Written by reloads and watchers (rare), read by stats requests without allocating.
/// </summary>
internal sealed class ReloadHistory
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private ulong _loadedRevision;
    private long _loadedAt;
    private long _failures;
    private long _lastFailedAt;
    private long _watchFailures;
    private string? _lastError;

    public ReloadHistory(TimeProvider time, ulong initialRevision)
    {
        _time = time;
        _loadedRevision = initialRevision;
        _loadedAt = Now();
    }

    /// <summary>The message of the last failed reload; null when none has failed.</summary>
    public string? LastError
    {
        get
        {
            lock (_lock)
            {
                return _lastError;
            }
        }
    }

    public void Loaded(ulong revision)
    {
        lock (_lock)
        {
            _loadedRevision = revision;
            _loadedAt = Now();
        }
    }

    public void Failed(Exception error)
    {
        lock (_lock)
        {
            _failures++;
            _lastFailedAt = Now();
            _lastError = error.Message;
        }
    }

    public void WatchFailed()
    {
        lock (_lock)
        {
            _watchFailures++;
        }
    }

    /// <summary>Writes the reload counters; <paramref name="currentRevision"/> is the revision served now.</summary>
    public void Fill(Span<ulong> counters, ulong currentRevision)
    {
        lock (_lock)
        {
            if (currentRevision != _loadedRevision)
            {
                // Swapped in by an embedder (PolicySourceHolder.Swap), not through a reload: the
                // first stats request to see it dates it, which is late by at most the time between two requests.
                _loadedRevision = currentRevision;
                _loadedAt = Now();
            }

            counters[(int)StatsCounter.RevisionLoadedAt] = (ulong)_loadedAt;
            counters[(int)StatsCounter.ReloadsFailed] = (ulong)_failures;
            counters[(int)StatsCounter.LastReloadFailedAt] = (ulong)_lastFailedAt;
            counters[(int)StatsCounter.ReloadWatchFailures] = (ulong)_watchFailures;
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeSeconds();
}
