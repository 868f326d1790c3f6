using System.Net;

namespace Engine.Gateway.Mapping;

/// <summary>
/// The original HTTP request as a gateway describes it: what forward-auth reads from
/// <c>X-Forwarded-*</c> headers, or what Envoy's <c>CheckRequest</c> carries.
/// </summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, with or without its query string.</param>
/// <param name="Scheme">The scheme (<c>http</c> or <c>https</c>) of the connection the engine saw, or as the gateway reports it.</param>
/// <param name="Peer">The address of the connection's peer (for forward-auth the gateway; for Envoy the downstream client), or null when unknown.</param>
/// <param name="PeerPrincipal">The peer identity Envoy passes (<c>source.principal</c>), or null.</param>
/// <param name="Header">Looks a header up by name (case-insensitive), giving its values joined by <c>,</c>, or null when absent.</param>
public sealed record GatewayRequest(string Method, string Path, string Scheme, IPAddress? Peer, string? PeerPrincipal, Func<string, string?> Header);
