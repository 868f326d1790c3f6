using Engine.Host.Reload;
using Engine.Host.Server;
using Engine.Host.Tests.Server;
using Engine.Protocol;
using Engine.Protocol.Client;

namespace Engine.Host.Tests.Reload;

/// <summary>
/// Issue #14, finding 3: a reload must not fail unseen. The Stats frame says when the revision in
/// use was loaded, how many reloads failed and when, and how often watching failed; a watch that
/// fails is logged once and polling takes over.
/// </summary>
public sealed class ReloadVisibilityTests : IDisposable
{
    private const int WatchFailedEvent = 14;

    private readonly string _root = Directory.CreateTempSubdirectory("engine-reload-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_failed_reload_shows_in_the_stats_and_a_good_one_dates_the_new_revision()
    {
        string bundle = CopyDefaultBundle();
        var time = new ManualTime();
        PolicySourceHolder policies = new(BundleReload.Load([bundle], false), BundleReload.Rebuilder([bundle], false));
        await using TestServer server = TestServer.Start(o => o with { Time = time }, policies: policies);
        await using EngineClient client = await server.ConnectAsync();
        ulong started = (ulong)time.GetUtcNow().ToUnixTimeSeconds();
        StatsResponse stats = await client.StatsAsync();
        Assert.Equal((started, 0UL, 0UL, 0UL), Reloads(stats));

        // A broken policy: the reload fails, the old revision serves on, and the stats say so.
        ulong revision = policies.Current.Revision;
        string policy = Path.Combine(bundle, "policies", "mfa-self-service.json");
        string good = File.ReadAllText(policy);
        File.WriteAllText(policy, "{ \"Version\": ");
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(server.Server.Reload());
        stats = await client.StatsAsync();
        Assert.Equal((started, 1UL, started + 30, 0UL), Reloads(stats));
        Assert.Equal(revision, stats.Get(StatsCounter.CurrentRevision));
        Assert.Contains("was rejected", server.Server.LastReloadError, StringComparison.Ordinal);

        // Repaired with a change: the new revision is dated; the failure stays counted.
        File.WriteAllText(policy, good);
        string manifest = Path.Combine(bundle, "bundle.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("built-in example", "built-in example, edited", StringComparison.Ordinal));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(server.Server.Reload());
        stats = await client.StatsAsync();
        Assert.Equal((started + 60, 1UL, started + 30, 0UL), Reloads(stats));
        Assert.NotEqual(revision, stats.Get(StatsCounter.CurrentRevision));
    }

    [Fact]
    public async Task A_watch_that_cannot_start_is_logged_once_and_polling_takes_over()
    {
        // An account file's folder is gone between the load and the watch (swapped at start-up):
        // the folder to watch does not exist, so the watch cannot start.
        string folder = Path.Combine(_root, "accounts");
        string accountFile = Path.Combine(folder, "account.json");
        var log = new LogCapture();
        await using TestServer server = TestServer.Start(o => o with { LoggerFactory = log });
        using var triggers = new BundleReloadTriggers([accountFile], watch: true, Timeout.InfiniteTimeSpan, TimeSpan.FromHours(1), () => server.Server.Reload(), server.Server.OnWatchFailed);

        Assert.Empty(triggers.Watchers);
        Assert.Equal(TimeSpan.FromHours(1), triggers.Poller?.Interval);
        LogLine line = Assert.Single(log.OfEvent(WatchFailedEvent));
        Assert.Contains(folder, line.Message, StringComparison.Ordinal);
        Assert.Contains("polling its files every 3600 s instead", line.Message, StringComparison.Ordinal);
        Assert.Equal(1UL, server.Server.GetStats()[(int)StatsCounter.ReloadWatchFailures]);
    }

    [Fact]
    public async Task A_watch_that_fails_later_is_reported_once_and_an_overflow_is_not_a_failure()
    {
        string bundle = CopyDefaultBundle();
        var log = new LogCapture();
        await using TestServer server = TestServer.Start(o => o with { LoggerFactory = log });
        using var triggers = new BundleReloadTriggers([bundle], watch: true, Timeout.InfiniteTimeSpan, TimeSpan.FromHours(1), () => { }, server.Server.OnWatchFailed);
        BundleWatcher watcher = Assert.Single(triggers.Watchers);
        Assert.Null(triggers.Poller);

        // What FileSystemWatcher.Error hands over: an overflow (events lost, the watch goes on), then the inotify watch limit.
        watcher.OnWatchError(new InternalBufferOverflowException());
        Assert.Null(triggers.Poller);
        watcher.OnWatchError(new IOException("The configured user limit (8192) on the number of inotify watches has been reached"));
        watcher.OnWatchError(new IOException("again"));

        Assert.NotNull(triggers.Poller);
        Assert.Single(log.OfEvent(WatchFailedEvent));
        Assert.Equal(1UL, server.Server.GetStats()[(int)StatsCounter.ReloadWatchFailures]);
    }

    [Fact]
    public async Task A_watch_failure_keeps_the_poll_interval_asked_for()
    {
        string bundle = CopyDefaultBundle();
        await using TestServer server = TestServer.Start();
        using var triggers = new BundleReloadTriggers([bundle], watch: true, TimeSpan.FromMinutes(3), TimeSpan.FromHours(1), () => { }, server.Server.OnWatchFailed);
        BundlePoller? asked = triggers.Poller;
        Assert.Equal(TimeSpan.FromMinutes(3), asked?.Interval);
        Assert.Single(triggers.Watchers).OnWatchError(new IOException("watch lost"));
        Assert.Same(asked, triggers.Poller);
    }

    private static (ulong LoadedAt, ulong Failed, ulong FailedAt, ulong WatchFailures) Reloads(StatsResponse stats) =>
        (stats.Get(StatsCounter.RevisionLoadedAt)!.Value, stats.Get(StatsCounter.ReloadsFailed)!.Value, stats.Get(StatsCounter.LastReloadFailedAt)!.Value, stats.Get(StatsCounter.ReloadWatchFailures)!.Value);

    private string CopyDefaultBundle()
    {
        string target = Path.Combine(_root, "bundle");
        foreach (string file in Directory.EnumerateFiles(BundleReload.DefaultDirectory, "*", SearchOption.AllDirectories))
        {
            string copy = Path.Combine(target, Path.GetRelativePath(BundleReload.DefaultDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }
}
