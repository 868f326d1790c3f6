using System.Collections.Frozen;
using System.Net;
using Engine.Compiler.Model;
using Engine.Gateway.Mapping;

namespace Engine.Gateway.Tests.Mapping;

public class RequestMapperTests
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static RequestMapper Mapper(GatewayMapping? mapping = null) =>
        new(mapping ?? GatewayMapping.Default, new FixedClock(new DateTimeOffset(2026, 12, 6, 18, 30, 5, TimeSpan.Zero)));

    [Fact]
    public void Default_mapping_asks_api_gateways_question()
    {
        MappedRequest mapped = Mapper().Map(Requests.Make("get", "/pets/42?x=1", headers: ("X-Principal-Arn", Alice)));
        Assert.Equal(MappingStatus.Mapped, mapped.Status);
        AuthorizationQuery query = mapped.Query!;
        Assert.Equal(Alice, query.Principal);
        Assert.Equal("execute-api:Invoke", query.Action);
        Assert.Equal("arn:aws:execute-api:us-east-1:111122223333:local/default/GET/pets/42", query.Resource);
        Assert.Null(query.ResourceAccount);
    }

    [Fact]
    public void Api_gateway_parts_come_from_the_mapping()
    {
        var mapping = GatewayMapping.Default with { ApiGateway = new ApiGatewayTarget("eu-west-1", "444455556666", "a1b2c3", "prod") };
        MappedRequest mapped = Mapper(mapping).Map(Requests.Make("POST", "/", headers: ("X-Principal-Arn", Alice)));
        Assert.Equal("arn:aws:execute-api:eu-west-1:444455556666:a1b2c3/prod/POST/", mapped.Query!.Resource);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_principal_is_unauthenticated(string? header)
    {
        GatewayRequest request = header is null ? Requests.Make("GET", "/") : Requests.Make("GET", "/", headers: ("X-Principal-Arn", header));
        MappedRequest mapped = Mapper().Map(request);
        Assert.Equal(MappingStatus.Unauthenticated, mapped.Status);
        Assert.Null(mapped.Query);
        Assert.Null(mapped.Principal);
    }

    [Fact]
    public void Principal_header_name_is_configurable_and_can_be_turned_off()
    {
        var custom = GatewayMapping.Default with { PrincipalHeader = "X-Caller" };
        Assert.Equal(Alice, Mapper(custom).Map(Requests.Make("GET", "/", headers: ("x-caller", Alice))).Principal);
        Assert.Equal(MappingStatus.Unauthenticated, Mapper(custom).Map(Requests.Make("GET", "/", headers: ("X-Principal-Arn", Alice))).Status);
        var none = GatewayMapping.Default with { PrincipalHeader = null };
        Assert.Equal(MappingStatus.Unauthenticated, Mapper(none).Map(Requests.Make("GET", "/", headers: ("X-Principal-Arn", Alice))).Status);
    }

    [Fact]
    public void Peer_identity_goes_through_the_table()
    {
        var mapping = GatewayMapping.Default with
        {
            PrincipalHeader = null,
            PeerPrincipals = new Dictionary<string, string> { ["spiffe://example.org/ns/shop/sa/cart"] = "arn:aws:iam::111122223333:role/cart" }.ToFrozenDictionary(),
        };
        Assert.Equal("arn:aws:iam::111122223333:role/cart", Mapper(mapping).Map(Requests.Make("GET", "/", peerPrincipal: "spiffe://example.org/ns/shop/sa/cart")).Principal);
        Assert.Equal(MappingStatus.Unauthenticated, Mapper(mapping).Map(Requests.Make("GET", "/", peerPrincipal: "spiffe://example.org/ns/shop/sa/other")).Status);
    }

    [Fact]
    public void First_matching_route_wins_and_unmatched_is_no_route()
    {
        Assert.True(PathTemplate.TryParse("/buckets/{bucket}/objects/{key+}", out PathTemplate? objects, out _));
        Assert.True(PathTemplate.TryParse("/buckets/{bucket}/objects/{key+}", out PathTemplate? objectsAgain, out _));
        var mapping = GatewayMapping.Default with
        {
            Routes =
            [
                new RouteRule("GET", objects, "s3:GetObject", "arn:aws:s3:::{bucket}/{key}"),
                new RouteRule(null, objectsAgain, "s3:PutObject", "arn:aws:s3:::{bucket}/{key}"),
            ],
        };
        RequestMapper mapper = Mapper(mapping);
        AuthorizationQuery get = mapper.Map(Requests.Make("GET", "/buckets/logs/objects/2026/a.txt", headers: ("X-Principal-Arn", Alice))).Query!;
        Assert.Equal(("s3:GetObject", "arn:aws:s3:::logs/2026/a.txt"), (get.Action, get.Resource));
        AuthorizationQuery put = mapper.Map(Requests.Make("PUT", "/buckets/logs/objects/a.txt", headers: ("X-Principal-Arn", Alice))).Query!;
        Assert.Equal(("s3:PutObject", "arn:aws:s3:::logs/a.txt"), (put.Action, put.Resource));
        MappedRequest none = mapper.Map(Requests.Make("GET", "/other", headers: ("X-Principal-Arn", Alice)));
        Assert.Equal(MappingStatus.NoRoute, none.Status);
        Assert.Null(none.Query);
    }

    [Fact]
    public void Context_carries_time_transport_agent_referer_and_header_rules()
    {
        var mapping = GatewayMapping.Default with { ContextHeaders = [new HeaderContextRule("X-Tenant", "aws:PrincipalTag/tenant"), new HeaderContextRule("X-Groups", "app:groups")] };
        AuthorizationQuery query = Mapper(mapping).Map(Requests.Make(
            "GET", "/", peer: "10.1.2.3", scheme: "https",
            headers: [("X-Principal-Arn", Alice), ("User-Agent", "curl/8.0"), ("Referer", "https://example.com/"), ("X-Tenant", "blue"), ("X-Groups", "a, b")])).Query!;
        Assert.Equal("10.1.2.3", query.Context("aws:SourceIp"));
        Assert.Equal("true", query.Context("aws:SecureTransport"));
        Assert.Equal("2026-12-06T18:30:05Z", query.Context("aws:CurrentTime"));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 18, 30, 5, TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), query.Context("aws:EpochTime"));
        Assert.Equal("curl/8.0", query.Context("aws:UserAgent"));
        Assert.Equal("https://example.com/", query.Context("aws:Referer"));
        Assert.Equal("blue", query.Context("aws:PrincipalTag/tenant"));
        ContextEntry groups = query.Context.Single(e => e.Key == "app:groups");
        Assert.True(groups.IsMultivalued);
        Assert.Equal(["a", "b"], groups.Values.ToArray());
    }

    [Fact]
    public void Absent_headers_add_no_keys()
    {
        AuthorizationQuery query = Mapper().Map(Requests.Make("GET", "/", headers: ("X-Principal-Arn", Alice))).Query!;
        Assert.Null(query.Context("aws:UserAgent"));
        Assert.Null(query.Context("aws:Referer"));
        Assert.Equal("false", query.Context("aws:SecureTransport"));
    }

    [Theory]
    // Trusted loopback peer: the right-most hop that is not a trusted proxy.
    [InlineData("127.0.0.1", "203.0.113.7", "203.0.113.7")]
    [InlineData("127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7")]
    [InlineData("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.0.0.5", "10.0.0.5")]
    [InlineData("127.0.0.1", "198.51.100.1, 127.0.0.2", "198.51.100.1")]
    // Every hop trusted: the left-most.
    [InlineData("127.0.0.1", "127.0.0.9, 127.0.0.2", "127.0.0.9")]
    // A garbled hop ends the walk at the last readable one.
    [InlineData("127.0.0.1", "198.51.100.1, junk, 127.0.0.2", "127.0.0.2")]
    // Untrusted peer: its X-Forwarded-For is ignored.
    [InlineData("192.0.2.10", "203.0.113.7", "192.0.2.10")]
    [InlineData("::ffff:127.0.0.1", "203.0.113.7", "203.0.113.7")]
    [InlineData("::1", "2001:db8::1", "2001:db8::1")]
    public void Source_ip_walks_forwarded_for_from_the_right(string peer, string forwarded, string expected)
    {
        RequestMapper mapper = Mapper();
        Assert.Equal(IPAddress.Parse(expected), mapper.SourceIp(Requests.Make("GET", "/", peer: peer, headers: ("X-Forwarded-For", forwarded))));
    }

    [Fact]
    public void Configured_trusted_proxies_replace_loopback()
    {
        var mapping = GatewayMapping.Default with { TrustedProxies = [IPNetwork.Parse("10.0.0.0/8")] };
        RequestMapper mapper = Mapper(mapping);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), mapper.SourceIp(Requests.Make("GET", "/", peer: "10.9.9.9", headers: ("X-Forwarded-For", "203.0.113.7, 10.0.0.1"))));
        Assert.Equal(IPAddress.Parse("127.0.0.1"), mapper.SourceIp(Requests.Make("GET", "/", peer: "127.0.0.1", headers: ("X-Forwarded-For", "203.0.113.7"))));
    }

    [Theory]
    [InlineData("127.0.0.1", "http", "https", true)]
    [InlineData("127.0.0.1", "https", "http", false)]
    [InlineData("127.0.0.1", "http", "https, http", true)]
    [InlineData("192.0.2.10", "http", "https", false)]
    [InlineData("192.0.2.10", "https", "http", true)]
    public void Secure_transport_believes_forwarded_proto_only_from_trusted_proxies(string peer, string scheme, string proto, bool expected)
    {
        Assert.Equal(expected, Mapper().IsSecureTransport(Requests.Make("GET", "/", peer: peer, scheme: scheme, headers: ("X-Forwarded-Proto", proto))));
    }

    [Fact]
    public void Unknown_peer_has_no_source_ip_key()
    {
        AuthorizationQuery query = Mapper().Map(Requests.Make("GET", "/", peer: null, headers: ("X-Principal-Arn", Alice))).Query!;
        Assert.Null(query.Context("aws:SourceIp"));
        Assert.DoesNotContain(query.Context, e => e.Key == "aws:SourceIp");
    }
}
