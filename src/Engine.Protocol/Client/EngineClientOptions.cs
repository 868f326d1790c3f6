using System.Net.Security;

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

    /// <summary>
    /// TLS for a TCP address (a server started with <c>--tls-cert</c>); null (the default) for plain
    /// TCP. Set <see cref="SslClientAuthenticationOptions.TargetHost"/> to a name on the server's
    /// certificate, <see cref="SslClientAuthenticationOptions.ClientCertificates"/> when the server
    /// requires a client certificate (<c>--tls-client-ca</c>), and
    /// <see cref="SslClientAuthenticationOptions.CertificateChainPolicy"/> (custom root trust) to
    /// trust a private CA rather than the system's. The same object is used for every connect.
    /// </summary>
    public SslClientAuthenticationOptions? Tls { get; init; }

    /// <summary>
    /// The shared secret of a server started with <c>--auth-token-file</c> (the file's bytes without
    /// the trailing newline); empty (the default) for none. When set, every new connection first
    /// sends a Hello frame with it and waits for the server's answer before any query.
    /// </summary>
    public ReadOnlyMemory<byte> AuthToken { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(AuthToken.Length, ProtocolConstants.MaxTokenLength, nameof(AuthToken));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInFlight, PendingRequest.MaxSlots, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinReconnectDelay, TimeSpan.Zero, nameof(MinReconnectDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReconnectDelay, MinReconnectDelay, nameof(MaxReconnectDelay));
    }
}
