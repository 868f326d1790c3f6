using Engine.Host.Server;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Tests.Server;

/// <summary>
/// The Stats counter CompiledBytes is walked on the thread pool: a read never waits for the walk
/// (~0.5 s for 2,000 sets), and returns the figure of the last one that finished.
/// </summary>
public sealed class CompiledBytesMeterTests
{
    [Fact]
    public async Task A_read_returns_at_once_while_a_walk_is_held_up_and_the_figure_once_it_ends()
    {
        using var release = new ManualResetEventSlim();
        var source = new SlowSource(release, 123_456);
        var meter = new CompiledBytesMeter(() => source);

        // The constructor's walk is held: reads answer from the last figure (none yet), at once,
        // and start no second walk beside it.
        for (var started = DateTime.UtcNow.AddSeconds(30); source.Walks == 0 && DateTime.UtcNow < started;)
        {
            await Task.Delay(5);
        }

        // (On another thread, so that a read that waited for the walk fails the test, not hangs it.)
        Task<ulong[]> reads = Task.Run(() => new[] { meter.Read(), meter.Read(), meter.Read() });
        bool answered = await Task.WhenAny(reads, Task.Delay(TimeSpan.FromSeconds(10))) == reads;
        release.Set();
        Assert.True(answered, "a read waited for the walk");
        ulong[] figures = await reads;
        Assert.Equal(new ulong[] { 0, 0, 0 }, figures);
        Assert.Equal(1, source.Walks);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ulong read;
        while ((read = meter.Read()) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(123_456UL, read);
    }

    [Fact]
    public async Task A_reload_is_seen_by_the_walk_after_it()
    {
        using var release = new ManualResetEventSlim(initialState: true);
        IPolicySource current = new SlowSource(release, 1_000);
        var meter = new CompiledBytesMeter(() => current);
        Assert.Equal(1_000UL, await ReadUntil(meter, 1_000UL));
        current = new SlowSource(release, 2_000);
        Assert.Equal(2_000UL, await ReadUntil(meter, 2_000UL));
    }

    private static async Task<ulong> ReadUntil(CompiledBytesMeter meter, ulong expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        ulong read;
        while ((read = meter.Read()) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        return read;
    }

    // A source whose walk waits for the test to let it finish.
    private sealed class SlowSource(ManualResetEventSlim release, ulong bytes) : IPolicySource
    {
        private int _walks;

        public int Walks => Volatile.Read(ref _walks);

        public ulong Revision => 1;

        public ulong CompiledBytes
        {
            get
            {
                Interlocked.Increment(ref _walks);
                release.Wait();
                return bytes;
            }
        }

        public bool TryResolve(ReadOnlySpan<char> principal, ReadOnlySpan<char> resource, ReadOnlySpan<char> resourceAccount, out CompiledPolicySet? policySet)
        {
            policySet = null;
            return false;
        }
    }
}
