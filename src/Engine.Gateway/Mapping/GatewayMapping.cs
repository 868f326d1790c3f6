using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Net;

namespace Engine.Gateway.Mapping;

/// <summary>
/// How an HTTP request becomes an IAM question (docs/gateways.md): where the principal comes from,
/// which action and resource a request asks for, and which context keys it carries. Immutable;
/// read from a mapping file by <see cref="GatewayMappingReader"/> or <see cref="Default"/>.
/// </summary>
public sealed record GatewayMapping
{
    /// <summary>The principal header without a mapping file.</summary>
    public const string DefaultPrincipalHeader = "X-Principal-Arn";

    /// <summary>The mapping without a file: principal from <c>X-Principal-Arn</c>, API Gateway's action and resource with <see cref="ApiGatewayTarget.Default"/>, loopback proxies trusted.</summary>
    public static GatewayMapping Default { get; } = new();

    /// <summary>The header a trusted authenticator in front sets to the caller's ARN; null to read no header.</summary>
    public string? PrincipalHeader { get; init; } = DefaultPrincipalHeader;

    /// <summary>Peer identities (an mTLS URI SAN such as a SPIFFE id, Envoy's <c>source.principal</c>) and the principal ARN each stands for.</summary>
    public FrozenDictionary<string, string> PeerPrincipals { get; init; } = FrozenDictionary<string, string>.Empty;

    /// <summary>The API Gateway resource parts used when there are no <see cref="Routes"/>.</summary>
    public ApiGatewayTarget ApiGateway { get; init; } = ApiGatewayTarget.Default;

    /// <summary>Route rules; when there are any, the first that matches decides action and resource, and a request none matches is denied.</summary>
    public ImmutableArray<RouteRule> Routes { get; init; } = [];

    /// <summary>Proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed; loopback by default.</summary>
    public ImmutableArray<IPNetwork> TrustedProxies { get; init; } = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    /// <summary>Header to context key rules.</summary>
    public ImmutableArray<HeaderContextRule> ContextHeaders { get; init; } = [];

    /// <summary>Whether an address is one of the trusted proxies (an IPv4-mapped IPv6 address counts as its IPv4 address).</summary>
    /// <param name="address">The address.</param>
    public bool IsTrustedProxy(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (IPNetwork network in TrustedProxies)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
