namespace Engine.Host.Server;

/// <summary>
/// The Stats counter <c>CompiledBytes</c> without walking the compiled sets on the thread that
/// asks: a read returns the figure of the last walk and asks for a new one on the thread pool
/// (one at a time; the policy source re-walks only when a set was added or promoted since).
/// </summary>
/// <remarks>
/// The walk is a structural reflection walk of every compiled set (docs/benchmarks.md, "Memory of
/// a compiled set"): ~0.5–0.7 s for the 1,996 sets of the 10,000-principal bundle. Done inside a
/// Stats request it held that connection's loop (with <c>--io inline</c>, the socket thread of
/// every connection) while sets were being compiled or promoted, each of which makes the next
/// walk a new one. A monitoring client polling Stats now reads a figure at most one walk old. The
/// walk's allocations (a few hundred bytes when nothing changed) now land after the Stats answer,
/// so a client measuring the server's allocations between two Stats requests sees them: the
/// allocation tests measure windows of many thousand requests, where they round to nothing.
/// </remarks>
internal sealed class CompiledBytesMeter
{
    private readonly Func<IPolicySource> _current;
    private ulong _last;
    private int _walking;

    /// <summary>Creates the meter and starts its first walk.</summary>
    /// <param name="current">The policy source in use now (it changes on a reload).</param>
    public CompiledBytesMeter(Func<IPolicySource> current)
    {
        _current = current;
        Refresh();
    }

    /// <summary>The figure of the last finished walk (0 before the first); starts another.</summary>
    public ulong Read()
    {
        ulong last = Volatile.Read(ref _last);
        Refresh();
        return last;
    }

    private void Refresh()
    {
        if (Interlocked.CompareExchange(ref _walking, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            try
            {
                Walk();
            }
            finally
            {
                Volatile.Write(ref _walking, 0);
            }
        });
    }

    private void Walk() => Volatile.Write(ref _last, _current().CompiledBytes);
}
