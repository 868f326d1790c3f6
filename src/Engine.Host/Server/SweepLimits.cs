namespace Engine.Host.Server;

/// <summary>What the server's sweep holds each connection to, in the units it compares (milliseconds, bytes per second).</summary>
/// <param name="IdleMs">The idle timeout, or -1 for none.</param>
/// <param name="DeadlineMs">The frame deadline, or -1 for none.</param>
/// <param name="MinFrameRate">The minimum data rate of a frame in progress, in bytes per second; 0 for none.</param>
/// <param name="GraceMs">How long a frame may arrive slower than <paramref name="MinFrameRate"/> before the rate counts; -1 for never.</param>
internal readonly record struct SweepLimits(long IdleMs, long DeadlineMs, long MinFrameRate, long GraceMs)
{
    /// <summary>
    /// Whether a frame in progress for <paramref name="elapsedMs"/> with <paramref name="bytes"/>
    /// received so far is arriving too slowly: past the grace period, its average rate since its
    /// first byte is under the minimum (Kestrel's <c>MinRequestBodyDataRate</c>, for a frame).
    /// </summary>
    public bool IsTooSlow(long elapsedMs, long bytes) =>
        MinFrameRate > 0 && GraceMs >= 0 && elapsedMs > GraceMs && bytes * 1000 < MinFrameRate * elapsedMs;
}
