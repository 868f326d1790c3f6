using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Engine.Compiler.Model;

namespace Engine.Gateway.Mapping;

/// <summary>Turns an HTTP request into an IAM question under a <see cref="GatewayMapping"/> (docs/gateways.md).</summary>
/// <param name="mapping">The mapping.</param>
/// <param name="clock">The sidecar's clock, for <c>aws:CurrentTime</c> and <c>aws:EpochTime</c>.</param>
public sealed class RequestMapper(GatewayMapping mapping, TimeProvider clock)
{
    /// <summary>Creates a mapper on the system clock.</summary>
    /// <param name="mapping">The mapping.</param>
    public RequestMapper(GatewayMapping mapping)
        : this(mapping, TimeProvider.System)
    {
    }

    /// <summary>The mapping in use.</summary>
    public GatewayMapping Mapping { get; } = mapping ?? throw new ArgumentNullException(nameof(mapping));

    /// <summary>Maps a request: its principal, action, resource and context.</summary>
    /// <param name="request">The request.</param>
    public MappedRequest Map(GatewayRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? principal = FindPrincipal(request);
        if (principal is null)
        {
            return new MappedRequest(MappingStatus.Unauthenticated, null, null);
        }

        string path = PathOnly(request.Path);
        string action, resource;
        if (Mapping.Routes.IsEmpty)
        {
            action = ApiGatewayTarget.InvokeAction;
            resource = Mapping.ApiGateway.ResourceArn(request.Method, path);
        }
        else
        {
            RouteRule? matched = null;
            Dictionary<string, string>? values = null;
            foreach (RouteRule rule in Mapping.Routes)
            {
                if (rule.TryMatch(request.Method, path, out values))
                {
                    matched = rule;
                    break;
                }
            }

            if (matched is null)
            {
                return new MappedRequest(MappingStatus.NoRoute, principal, null);
            }

            action = RouteRule.Expand(matched.Action, values!);
            resource = RouteRule.Expand(matched.Resource, values!);
        }

        return new MappedRequest(MappingStatus.Mapped, principal, new AuthorizationQuery(principal, action, resource, null, Context(request)));
    }

    /// <summary>
    /// The caller's address: the peer, or when the peer is a trusted proxy, the right-most
    /// <c>X-Forwarded-For</c> hop that is not a trusted proxy (a forwarded header from an untrusted
    /// peer is ignored). An unreadable hop ends the walk at the last hop read.
    /// </summary>
    /// <param name="request">The request.</param>
    public IPAddress? SourceIp(GatewayRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IPAddress? current = request.Peer;
        if (current is null || !Mapping.IsTrustedProxy(current) || request.Header("X-Forwarded-For") is not { Length: > 0 } forwarded)
        {
            return Canonical(current);
        }

        string[] hops = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (int i = hops.Length - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(hops[i], out IPAddress? hop))
            {
                break;
            }

            current = hop;
            if (!Mapping.IsTrustedProxy(hop))
            {
                break;
            }
        }

        return Canonical(current);
    }

    /// <summary>Whether the original request came over TLS: the scheme, or <c>X-Forwarded-Proto</c> from a trusted proxy.</summary>
    /// <param name="request">The request.</param>
    public bool IsSecureTransport(GatewayRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Peer is { } peer && Mapping.IsTrustedProxy(peer) && request.Header("X-Forwarded-Proto") is { Length: > 0 } proto)
        {
            // The left-most value is what the first proxy saw from the client.
            int comma = proto.IndexOf(',', StringComparison.Ordinal);
            return string.Equals((comma < 0 ? proto : proto[..comma]).Trim(), "https", StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase);
    }

    private string? FindPrincipal(GatewayRequest request)
    {
        if (Mapping.PrincipalHeader is { } header && request.Header(header) is { } value && value.Trim() is { Length: > 0 } arn)
        {
            return arn;
        }

        return request.PeerPrincipal is { Length: > 0 } peer && Mapping.PeerPrincipals.TryGetValue(peer, out string? mapped) ? mapped : null;
    }

    private ImmutableArray<ContextEntry> Context(GatewayRequest request)
    {
        var context = ImmutableArray.CreateBuilder<ContextEntry>(8);
        if (SourceIp(request) is { } source)
        {
            context.Add(ContextEntry.OneValue("aws:SourceIp", source.ToString()));
        }

        context.Add(ContextEntry.OneValue("aws:SecureTransport", IsSecureTransport(request) ? "true" : "false"));
        DateTimeOffset now = clock.GetUtcNow();
        context.Add(ContextEntry.OneValue("aws:CurrentTime", now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        context.Add(ContextEntry.OneValue("aws:EpochTime", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        if (request.Header("User-Agent") is { Length: > 0 } agent)
        {
            context.Add(ContextEntry.OneValue("aws:UserAgent", agent));
        }

        if (request.Header("Referer") is { Length: > 0 } referer)
        {
            context.Add(ContextEntry.OneValue("aws:Referer", referer));
        }

        foreach (HeaderContextRule rule in Mapping.ContextHeaders)
        {
            if (request.Header(rule.Header) is { Length: > 0 } text)
            {
                string[] values = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                context.Add(values.Length == 1 ? ContextEntry.OneValue(rule.Key, values[0]) : ContextEntry.ManyValues(rule.Key, values));
            }
        }

        return context.ToImmutable();
    }

    private static string PathOnly(string path)
    {
        int query = path.IndexOfAny(['?', '#']);
        string only = query < 0 ? path : path[..query];
        return only.Length == 0 ? "/" : only;
    }

    private static IPAddress? Canonical(IPAddress? address) => address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
}
