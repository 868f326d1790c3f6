namespace Engine.Host.Server;

/// <summary>
/// The one budget for bytes the server buffers on behalf of its clients beyond each connection's
/// small fixed buffers (<see cref="ServerOptions.MaxBufferedBytes"/>): a frame larger than
/// <see cref="ServerConnection.SmallFrameBytes"/> reserves its size here when its header is in,
/// before its body is buffered, and gives it back once answered or when its connection closes.
/// Without it, every connection could hold a frame of <c>--max-frame-bytes</c> at once.
/// </summary>
internal sealed class BufferedBytesBudget
{
    private readonly MemoryTrimmer? _trimmer;
    private long _reserved;
    private long _refused;

    public BufferedBytesBudget(long capacity, MemoryTrimmer? trimmer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _trimmer = trimmer;
    }

    /// <summary>The most bytes reserved at once.</summary>
    public long Capacity { get; }

    /// <summary>Bytes reserved now (a gauge: large frames in progress).</summary>
    public long Reserved => Volatile.Read(ref _reserved);

    /// <summary>Large frames refused because the budget was spent.</summary>
    public long Refused => Volatile.Read(ref _refused);

    /// <summary>Reserves <paramref name="bytes"/> if the budget has room for all of them; never partly.</summary>
    public bool TryReserve(long bytes)
    {
        long current = Volatile.Read(ref _reserved);
        while (true)
        {
            if (current + bytes > Capacity)
            {
                Interlocked.Increment(ref _refused);
                return false;
            }

            long seen = Interlocked.CompareExchange(ref _reserved, current + bytes, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }
    }

    /// <summary>Gives back bytes reserved with <see cref="TryReserve"/>.</summary>
    public void Release(long bytes)
    {
        long left = Interlocked.Add(ref _reserved, -bytes);
        _trimmer?.Released(bytes, quiet: left == 0);
    }
}
