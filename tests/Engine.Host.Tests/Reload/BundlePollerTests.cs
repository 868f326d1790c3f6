using Engine.Host.Reload;

namespace Engine.Host.Tests.Reload;

/// <summary>
/// Issue #14, finding 3: every way a bundle is replaced that an inotify watch cannot follow is seen
/// by the poll. Polls are forced (<see cref="BundlePoller.Poll"/>), so no test waits on a timer.
/// </summary>
public sealed class BundlePollerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-poll-").FullName;
    private int _changes;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Nothing_changed_means_no_callback()
    {
        string bundle = WriteBundle("bundle", "v1");
        using BundlePoller poller = Poller(bundle);
        Assert.False(poller.Poll());
        Assert.Equal(0, _changes);
    }

    [Fact]
    public void A_file_rewritten_in_place_is_seen()
    {
        string bundle = WriteBundle("bundle", "v1");
        using BundlePoller poller = Poller(bundle);
        File.WriteAllText(Path.Combine(bundle, "policy.json"), "v2 is longer");
        Assert.True(poller.Poll());
        Assert.False(poller.Poll());
        Assert.Equal(1, _changes);
    }

    [Fact]
    public void A_directory_deleted_and_recreated_is_seen()
    {
        string bundle = WriteBundle("bundle", "v1");
        using BundlePoller poller = Poller(bundle);
        Directory.Delete(bundle, recursive: true);
        Assert.True(poller.Poll());
        WriteBundle("bundle", "v2 recreated");
        Assert.True(poller.Poll());
        Assert.Equal(2, _changes);
    }

    [Fact]
    public void A_directory_moved_away_and_another_moved_in_is_seen()
    {
        string bundle = WriteBundle("bundle", "v1");
        string next = WriteBundle("staging", "v2 from staging");
        using BundlePoller poller = Poller(bundle);
        Directory.Move(bundle, Path.Combine(_root, "old"));
        Directory.Move(next, bundle);
        Assert.True(poller.Poll());
        Assert.Equal(1, _changes);
    }

    [Fact]
    public void A_symlink_swapped_to_another_directory_is_seen()
    {
        string v1 = WriteBundle("v1", "v1");
        string v2 = WriteBundle("v2", "v2 other");
        string link = Path.Combine(_root, "current");
        Directory.CreateSymbolicLink(link, v1);
        using BundlePoller poller = Poller(link);
        SwapLink(link, v2);
        Assert.True(poller.Poll());
        Assert.Equal(1, _changes);
    }

    [Fact]
    public void A_configmap_style_data_swap_is_seen()
    {
        // What the kubelet does: files are links through `..data`, itself a link to a timestamped
        // directory; an update writes a new directory and renames a new `..data` link over the old.
        string mount = Path.Combine(_root, "mount");
        Directory.CreateDirectory(mount);
        WriteBundle(Path.Combine("mount", "..2026_12_06_18_00_00.1"), "v1");
        Directory.CreateSymbolicLink(Path.Combine(mount, "..data"), "..2026_12_06_18_00_00.1");
        File.CreateSymbolicLink(Path.Combine(mount, "policy.json"), Path.Combine("..data", "policy.json"));
        using BundlePoller poller = Poller(mount);

        WriteBundle(Path.Combine("mount", "..2026_12_06_18_05_00.2"), "v2");
        SwapLink(Path.Combine(mount, "..data"), "..2026_12_06_18_05_00.2");
        Directory.Delete(Path.Combine(mount, "..2026_12_06_18_00_00.1"), recursive: true);
        Assert.True(poller.Poll());
        Assert.False(poller.Poll());
        Assert.Equal(1, _changes);
    }

    private BundlePoller Poller(string path) => new([path], Timeout.InfiniteTimeSpan, () => Interlocked.Increment(ref _changes));

    private string WriteBundle(string name, string content)
    {
        string directory = Path.Combine(_root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "policy.json"), content);
        return directory;
    }

    // Atomic, as the kubelet does it: a new link renamed over the old one.
    private static void SwapLink(string link, string target)
    {
        string temporary = link + ".tmp";
        Directory.CreateSymbolicLink(temporary, target);
        // rename(2) through mv -T: .NET's moves refuse a link to a directory as their source.
        using var move = System.Diagnostics.Process.Start("mv", ["-T", temporary, link]);
        move.WaitForExit();
        Assert.Equal(0, move.ExitCode);
    }
}
