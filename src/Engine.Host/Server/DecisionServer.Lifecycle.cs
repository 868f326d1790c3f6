namespace Engine.Host.Server;

public sealed partial class DecisionServer
{
    /// <summary>
    /// Stops gracefully: stops accepting, lets every connection answer the requests it has received
    /// (within <see cref="ServerOptions.DrainTimeout"/>), flushes, closes, and releases the listener.
    /// Safe to call more than once.
    /// </summary>
    /// <param name="cancellationToken">Ends the drain early: connections still open are aborted.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        int previous = Interlocked.Exchange(ref _state, 2);
        if (previous == 2)
        {
            await _stopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            _listener?.Dispose();
            await _acceptLoop.ConfigureAwait(false);

            List<ServerConnection> open = _registry.Snapshot();
            ServerLog.Stopping(Logger, open.Count);
            foreach (ServerConnection connection in open)
            {
                connection.BeginDrain();
            }

            Task all = Task.WhenAll(open.Select(c => c.Completion));
            try
            {
                await all.WaitAsync(Options.DrainTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                foreach (ServerConnection connection in open)
                {
                    connection.Abort("still busy at the end of the drain");
                }

                await all.ConfigureAwait(false);
            }
        }
        finally
        {
            if (_sweep is not null)
            {
                await _sweep.DisposeAsync().ConfigureAwait(false);
            }

            // Deletes the socket only if it is still the one this server bound, then unlocks the path.
            _socketFile?.Dispose();

            Metrics.Dispose();
            Trimmer.Dispose();
            _log.Flush(all: true);
            ServerLog.Stopped(Logger);
            _stopped.TrySetResult();
        }
    }

    /// <summary>
    /// Rebuilds the policy source (see <see cref="PolicySourceHolder.TryReload"/>) and logs the
    /// outcome; called on SIGHUP. Requests in flight finish on the source they started with.
    /// </summary>
    /// <returns>True when a new source was swapped in.</returns>
    public bool Reload()
    {
        ReloadAuthToken();
        ulong before = Policies.Current.Revision;
        if (!Policies.CanReload)
        {
            ServerLog.ReloadNoop(Logger, before);
            return false;
        }

        if (Policies.TryReload(out Exception? error))
        {
            ReloadHistory.Loaded(Policies.Current.Revision);
            Metrics.Reloaded();
            ServerLog.Reloaded(Logger, before, Policies.Current.Revision);
            return true;
        }

        if (error is not null)
        {
            Metrics.ReloadFailed();
            ReloadHistory.Failed(error);
            ServerLog.ReloadFailed(Logger, before, error);
        }
        else
        {
            ServerLog.ReloadNoop(Logger, before);
        }

        return false;
    }

    /// <summary>
    /// The message of the last reload that failed (its located bundle errors), or null when none
    /// has; the Stats frame carries only its count and time (<see cref="Protocol.StatsCounter.ReloadsFailed"/>).
    /// </summary>
    public string? LastReloadError => ReloadHistory.LastError;

    /// <summary>
    /// Called when watching the bundle's files failed: logged once per watcher, counted in the stats
    /// (<see cref="Protocol.StatsCounter.ReloadWatchFailures"/>); the caller has started polling.
    /// </summary>
    internal void OnWatchFailed(string directory, Exception error, TimeSpan pollInterval)
    {
        ReloadHistory.WatchFailed();
        ServerLog.WatchFailed(Logger, directory, pollInterval.TotalSeconds, error);
    }

    /// <summary>The counters a Stats frame carries, indexed by <see cref="Protocol.StatsCounter"/>.</summary>
    /// <returns>A new array of <see cref="Protocol.StatsCounters.Count"/> values.</returns>
    public ulong[] GetStats()
    {
        ulong[] counters = new ulong[Protocol.StatsCounters.Count];
        FillStats(counters);
        return counters;
    }

    /// <summary>Stops the server (see <see cref="StopAsync"/>) and releases its resources.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
