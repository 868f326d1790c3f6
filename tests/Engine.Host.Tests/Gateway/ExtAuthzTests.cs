using Engine.Gateway.Envoy.Auth;
using Engine.Gateway.Envoy.Core;
using Engine.Gateway.Envoy.Type;
using Engine.Gateway.Http;
using Google.Protobuf;
using Grpc.Health.V1;
using Grpc.Net.Client;
using static Engine.Host.Tests.Gateway.GatewayFixture;
using RpcStatus = Engine.Gateway.Envoy.Rpc.Status;

namespace Engine.Host.Tests.Gateway;

/// <summary>Envoy's ext_authz v3 over gRPC (h2c), asked with a client built from the project's .proto files.</summary>
public class ExtAuthzTests
{
    private static CheckRequest Check(string method, string path, string? principal, string? peerPrincipal = null)
    {
        var http = new AttributeContext.Types.HttpRequest { Method = method, Path = path, Scheme = "http", Protocol = "HTTP/1.1" };
        if (principal is not null)
        {
            http.Headers["x-principal-arn"] = principal;
            http.Headers["x-engine-principal"] = "spoofed";
        }

        var source = new AttributeContext.Types.Peer { Address = new Address { SocketAddress = new SocketAddress { Address = "10.0.0.9", PortValue = 40000 } } };
        if (peerPrincipal is not null)
        {
            source.Principal = peerPrincipal;
        }

        return new CheckRequest { Attributes = new AttributeContext { Source = source, Request = new AttributeContext.Types.Request { Http = http } } };
    }

    private static string HeaderOf(Google.Protobuf.Collections.RepeatedField<HeaderValueOption> headers, string name) =>
        Assert.Single(headers, h => string.Equals(h.Header.Key, name, StringComparison.OrdinalIgnoreCase)).Header.Value;

    private static async Task<(GatewayFixture Engine, GrpcChannel Channel)> StartAsync()
    {
        GatewayFixture engine = await GatewayFixture.StartAsync("--grpc", "127.0.0.1:0");
        return (engine, GrpcChannel.ForAddress(engine.GrpcAddress!));
    }

    [Fact]
    public async Task Check_allows_denies_and_asks_for_authentication_in_the_response_status()
    {
        (GatewayFixture engine, GrpcChannel channel) = await StartAsync();
        await using (engine)
        using (channel)
        {
            var client = new Authorization.AuthorizationClient(channel);

            CheckResponse allowed = await client.CheckAsync(Check("GET", "/pets/1?x=1", Alice));
            Assert.Equal(0, allowed.Status.Code);
            Assert.Equal(CheckResponse.HttpResponseOneofCase.OkResponse, allowed.HttpResponseCase);
            Assert.Equal(Alice, HeaderOf(allowed.OkResponse.Headers, GatewayHeaders.Principal));
            Assert.Equal("identity[0].Statement[0] (Sid \"ReadPets\") Allow", HeaderOf(allowed.OkResponse.Headers, GatewayHeaders.Statement));
            Assert.All(allowed.OkResponse.Headers, h => Assert.Equal(2, h.AppendAction));

            CheckResponse denied = await client.CheckAsync(Check("DELETE", "/pets/1", Alice));
            Assert.Equal(7, denied.Status.Code);
            Assert.Equal(403, denied.DeniedResponse.Status.Code);
            Assert.Equal("ExplicitDeny", HeaderOf(denied.DeniedResponse.Headers, GatewayHeaders.Decision));

            CheckResponse anonymous = await client.CheckAsync(Check("GET", "/pets/1", null));
            Assert.Equal(16, anonymous.Status.Code);
            Assert.Equal(401, anonymous.DeniedResponse.Status.Code);

            CheckResponse unknown = await client.CheckAsync(Check("GET", "/pets/1", "arn:aws:iam::111122223333:user/mallory"));
            Assert.Equal(7, unknown.Status.Code);

            var health = new Health.HealthClient(channel);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
        }
    }

    [Fact]
    public void Check_request_decodes_from_envoys_field_numbers()
    {
        // CheckRequest.attributes(1) { source(1) { address(1) { socket_address(1) { address(2) "1.2.3.4", port_value(3) 80 } },
        //   principal(4) "spiffe://a" }, request(4) { http(2) { method(2) "GET", headers(3) { "k": "v" }, path(4) "/p", scheme(6) "https" } } }
        byte[] socket = [0x12, 7, .. "1.2.3.4"u8, 0x18, 80];
        byte[] address = [0x0A, (byte)socket.Length, .. socket];
        byte[] peer = [0x0A, (byte)address.Length, .. address, 0x22, 10, .. "spiffe://a"u8];
        byte[] entry = [0x0A, 1, (byte)'k', 0x12, 1, (byte)'v'];
        byte[] http = [0x12, 3, .. "GET"u8, 0x1A, (byte)entry.Length, .. entry, 0x22, 2, .. "/p"u8, 0x32, 5, .. "https"u8];
        byte[] request = [0x12, (byte)http.Length, .. http];
        byte[] attributes = [0x0A, (byte)peer.Length, .. peer, 0x22, (byte)request.Length, .. request];
        byte[] wire = [0x0A, (byte)attributes.Length, .. attributes];

        CheckRequest parsed = CheckRequest.Parser.ParseFrom(wire);
        Assert.Equal("1.2.3.4", parsed.Attributes.Source.Address.SocketAddress.Address);
        Assert.Equal(80u, parsed.Attributes.Source.Address.SocketAddress.PortValue);
        Assert.Equal("spiffe://a", parsed.Attributes.Source.Principal);
        AttributeContext.Types.HttpRequest parsedHttp = parsed.Attributes.Request.Http;
        Assert.Equal(("GET", "/p", "https", "v"), (parsedHttp.Method, parsedHttp.Path, parsedHttp.Scheme, parsedHttp.Headers["k"]));
        Assert.Equal(wire, parsed.ToByteArray());
    }

    [Fact]
    public void Check_response_encodes_to_envoys_field_numbers()
    {
        // status(1) { code(1) 7 }, denied_response(2) { status(1) { code(1) 403 } }
        var denied = new CheckResponse { Status = new RpcStatus { Code = 7 }, DeniedResponse = new DeniedHttpResponse { Status = new HttpStatus { Code = 403 } } };
        Assert.Equal(new byte[] { 0x0A, 0x02, 0x08, 0x07, 0x12, 0x05, 0x0A, 0x03, 0x08, 0x93, 0x03 }, denied.ToByteArray());

        // status(1) {}, ok_response(3) { headers(2) { header(1) { key(1) "a", value(2) "b" }, append_action(3) 2 } }
        var ok = new CheckResponse { Status = new RpcStatus(), OkResponse = new OkHttpResponse() };
        ok.OkResponse.Headers.Add(new HeaderValueOption { Header = new HeaderValue { Key = "a", Value = "b" }, AppendAction = 2 });
        Assert.Equal(new byte[] { 0x0A, 0x00, 0x1A, 0x0C, 0x12, 0x0A, 0x0A, 0x06, 0x0A, 0x01, 0x61, 0x12, 0x01, 0x62, 0x18, 0x02 }, ok.ToByteArray());
    }
}
