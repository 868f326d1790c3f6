namespace Engine.Protocol;

/// <summary>A decoded Stats frame.</summary>
/// <param name="RequestId">The stats request's id.</param>
/// <param name="Counters">Every counter the server sent, indexed by <see cref="StatsCounter"/>.</param>
public sealed record StatsResponse(ulong RequestId, IReadOnlyList<ulong> Counters) : ServerResponse(RequestId)
{
    /// <summary>A counter's value, or null when the server is older and does not send it.</summary>
    /// <param name="counter">The counter.</param>
    /// <returns>The value, or null.</returns>
    public ulong? Get(StatsCounter counter) =>
        (uint)counter < (uint)Counters.Count ? Counters[(int)counter] : null;
}
