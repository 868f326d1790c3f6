namespace Engine.Protocol.Client;

/// <summary>How an <see cref="EngineClient"/> talks to its server.</summary>
public sealed class EngineClientOptions
{
    /// <summary>The protocol defaults: 1024 queries in flight, reconnect backoff from 50 ms to 5 s.</summary>
    public static EngineClientOptions Default { get; } = new();

    /// <summary>The largest response frame to accept; the protocol default unless set.</summary>
    public ProtocolLimits Limits { get; init; } = ProtocolLimits.Default;

    /// <summary>
    /// The most queries in flight on the connection at once (1 to 1,048,576); a query over it waits
    /// for a free slot. Each slot is a pooled object, created on first use and reused.
    /// </summary>
    public int MaxInFlight { get; init; } = 1024;

    /// <summary>The wait before the second attempt when reconnecting fails; it doubles per failure.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest wait between reconnect attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInFlight, PendingRequest.MaxSlots, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinReconnectDelay, TimeSpan.Zero, nameof(MinReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReconnectDelay, MinReconnectDelay, nameof(MaxReconnectDelay));
    }
}
