using System.Collections.Immutable;
using System.Net;
using System.Text;
using Engine.Gateway.Mapping;

namespace Engine.Gateway.Tests.Mapping;

public class GatewayMappingReaderTests
{
    private static GatewayMapping? Read(string json, out ImmutableArray<GatewayMappingError> errors) =>
        GatewayMappingReader.Read(Encoding.UTF8.GetBytes(json), "gateway.json", out errors);

    private static string OneError(string json)
    {
        Assert.Null(Read(json, out ImmutableArray<GatewayMappingError> errors));
        return Assert.Single(errors).ToString();
    }

    [Fact]
    public void Reads_every_member()
    {
        GatewayMapping? mapping = Read("""
            {
              "principal": { "header": "X-Caller", "peers": { "spiffe://example.org/sa/cart": "arn:aws:iam::111122223333:role/cart" } },
              "apiGateway": { "region": "eu-west-1", "account": "444455556666", "apiId": "a1b2c3", "stage": "prod" },
              "routes": [
                { "method": "GET", "path": "/buckets/{bucket}/objects/{key+}", "action": "s3:GetObject", "resource": "arn:aws:s3:::{bucket}/{key}" },
                { "method": "*", "path": "/health", "action": "app:Health", "resource": "*" }
              ],
              "trustedProxies": ["10.0.0.0/8", "192.0.2.1"],
              "contextHeaders": { "X-Tenant": "aws:PrincipalTag/tenant" }
            }
            """, out ImmutableArray<GatewayMappingError> errors);
        Assert.Empty(errors);
        Assert.NotNull(mapping);
        Assert.Equal("X-Caller", mapping.PrincipalHeader);
        Assert.Equal("arn:aws:iam::111122223333:role/cart", mapping.PeerPrincipals["spiffe://example.org/sa/cart"]);
        Assert.Equal(new ApiGatewayTarget("eu-west-1", "444455556666", "a1b2c3", "prod"), mapping.ApiGateway);
        Assert.Equal(2, mapping.Routes.Length);
        Assert.Equal("GET", mapping.Routes[0].Method);
        Assert.Null(mapping.Routes[1].Method);
        Assert.True(mapping.IsTrustedProxy(IPAddress.Parse("10.200.0.1")));
        Assert.True(mapping.IsTrustedProxy(IPAddress.Parse("192.0.2.1")));
        Assert.False(mapping.IsTrustedProxy(IPAddress.Parse("127.0.0.1")));
        Assert.Equal(new HeaderContextRule("X-Tenant", "aws:PrincipalTag/tenant"), Assert.Single(mapping.ContextHeaders));
    }

    [Fact]
    public void Empty_object_is_the_default_mapping()
    {
        GatewayMapping? mapping = Read("{}", out ImmutableArray<GatewayMappingError> errors);
        Assert.Empty(errors);
        Assert.Equal(GatewayMapping.DefaultPrincipalHeader, mapping!.PrincipalHeader);
        Assert.Equal(ApiGatewayTarget.Default, mapping.ApiGateway);
        Assert.True(mapping.Routes.IsEmpty);
    }

    [Fact]
    public void Null_header_reads_no_header()
    {
        Assert.Null(Read("""{"principal":{"header":null}}""", out _)!.PrincipalHeader);
    }

    [Theory]
    [InlineData("""{"principle":{}}""", "gateway.json: unknown member `principle` of the mapping (known: `principal`, `apiGateway`, `routes`, `trustedProxies`, `contextHeaders`) at $.principle (line 1, column 2)")]
    [InlineData("[]", "gateway.json: the mapping must be an object, not a list at $ (line 1, column 1)")]
    [InlineData("""{"routes":{}}""", "gateway.json: `routes` must be a list of rules, not an object at $.routes (line 1, column 11)")]
    [InlineData("""{"routes":[{"path":"/a","action":"s3:GetObject"}]}""", "gateway.json: a route rule needs `resource` at $.routes[0] (line 1, column 12)")]
    [InlineData("""{"routes":[{"path":"a","action":"s3:GetObject","resource":"*"}]}""", "gateway.json: a path template starts with `/`, not `a` at $.routes[0].path (line 1, column 20)")]
    [InlineData("""{"routes":[{"path":"/b/{bucket}","action":"s3:GetObject","resource":"arn:aws:s3:::{bukket}"}]}""", "gateway.json: `{bukket}` is not a variable of the path `/b/{bucket}` at $.routes[0].resource (line 1, column 69)")]
    [InlineData("""{"routes":[{"path":"/a","action":"GetObject","resource":"*"}]}""", "gateway.json: an action is `service:Action`, not `GetObject` at $.routes[0].action (line 1, column 34)")]
    [InlineData("""{"routes":[{"method":"GE T","path":"/a","action":"s3:GetObject","resource":"*"}]}""", "gateway.json: `GE T` is not an HTTP method (or `*` for any) at $.routes[0].method (line 1, column 22)")]
    [InlineData("""{"trustedProxies":["10.0.0.0/33"]}""", "gateway.json: `10.0.0.0/33` is neither an IP address nor a CIDR range at $.trustedProxies[0] (line 1, column 20)")]
    [InlineData("""{"contextHeaders":{"X-Tenant":"tenant"}}""", "gateway.json: a context key is `prefix:name`, not `tenant` at $.contextHeaders['X-Tenant'] (line 1, column 31)")]
    [InlineData("""{"principal":{"peers":{"spiffe://a":"cart"}}}""", "gateway.json: a peer's principal must be an ARN, not `cart` at $.principal.peers['spiffe://a'] (line 1, column 37)")]
    [InlineData("""{"principal":{"header":""}}""", "gateway.json: `principal.header` must not be empty at $.principal.header (line 1, column 24)")]
    [InlineData("""{"apiGateway":{"region":7}}""", "gateway.json: `apiGateway.region` must be a string, not a number at $.apiGateway.region (line 1, column 25)")]
    public void Reports_each_fault_with_path_and_position(string json, string expected)
    {
        Assert.Equal(expected, OneError(json));
    }

    [Fact]
    public void Reports_syntax_errors_and_duplicates_located()
    {
        Assert.Null(Read("{\"routes\": [}", out ImmutableArray<GatewayMappingError> syntax));
        GatewayMappingError error = Assert.Single(syntax);
        Assert.Equal(1, error.Location.Line);
        Assert.StartsWith("gateway.json: ", error.ToString(), StringComparison.Ordinal);

        Assert.Null(Read("{\"routes\": [],\n \"routes\": []}", out ImmutableArray<GatewayMappingError> duplicate));
        Assert.Equal(2, Assert.Single(duplicate).Location.Line);
    }

    [Fact]
    public void Reports_every_fault_in_one_read()
    {
        Assert.Null(Read("""{"x":1,"routes":[{"path":"/a"}],"trustedProxies":["nope"]}""", out ImmutableArray<GatewayMappingError> errors));
        Assert.Equal(4, errors.Length);
    }

    [Fact]
    public void Missing_file_is_an_error_not_an_exception()
    {
        Assert.Null(GatewayMappingReader.ReadFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json"), out ImmutableArray<GatewayMappingError> errors));
        Assert.Contains("cannot read the file", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}
