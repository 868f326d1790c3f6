using System.Net;
using System.Text;
using System.Text.Json;
using Engine.Gateway.Envoy.Auth;
using Engine.Gateway.Envoy.Core;
using Grpc.Net.Client;
using static Engine.Host.Tests.Gateway.GatewayFixture;

namespace Engine.Host.Tests.Gateway;

/// <summary>
/// Issue #14 finding 8 on the HTTP side: a context value of the wrong type for its global key is a
/// 400 naming the key on the JSON API and a deny on forward-auth (strict, the default), and is
/// decided as the spec says with <c>--context-check off</c>.
/// </summary>
public class ContextCheckGatewayTests
{
    // An `id` only in a batch item: the single-question body takes none.
    private static string BobReadsLogs(string mfa, string? id = null) =>
        (id is null ? "{" : "{\"id\":\"" + id + "\",") + "\"principal\":\"" + Bob
            + "\",\"action\":\"s3:GetObject\",\"resource\":\"arn:aws:s3:::logs/a.txt\",\"context\":{\"aws:MultiFactorAuthPresent\":" + mfa + "}}";

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("\"\"")]
    [InlineData("[\"false\"]")]
    [InlineData("[]")]
    public async Task Json_api_answers_400_naming_the_key(string mfa)
    {
        await using GatewayFixture engine = await StartAsync();
        using HttpClient client = engine.Client();
        using HttpResponseMessage response = await client.PostAsync("/v1/authorize", new StringContent(BobReadsLogs(mfa), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ImplicitDeny", json.RootElement.GetProperty("decision").GetString());
        Assert.Contains("`aws:MultiFactorAuthPresent`", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"yes\"", "strict", HttpStatusCode.BadRequest, "ImplicitDeny")]
    [InlineData("\"yes\"", "off", HttpStatusCode.OK, "Allow")]
    [InlineData("false", "strict", HttpStatusCode.OK, "Allow")]
    [InlineData("\"TRUE\"", "strict", HttpStatusCode.OK, "Allow")]
    public async Task Json_api_follows_the_context_check_switch(string mfa, string mode, HttpStatusCode status, string decision)
    {
        await using GatewayFixture engine = await StartAsync("--context-check", mode);
        using HttpClient client = engine.Client();
        using HttpResponseMessage response = await client.PostAsync("/v1/authorize", new StringContent(BobReadsLogs(mfa)));
        Assert.Equal(status, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(decision, json.RootElement.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Json_batch_with_one_malformed_item_is_a_400_that_still_answers_each_item()
    {
        await using GatewayFixture engine = await StartAsync();
        using HttpClient client = engine.Client();
        using HttpResponseMessage response = await client.PostAsync("/v1/authorize/batch", new StringContent($"[{BobReadsLogs("\"true\"", "good")},{BobReadsLogs("\"1\"", "bad")}]"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement[] answers = [.. json.RootElement.EnumerateArray()];
        Assert.Equal(("good", "Allow"), (answers[0].GetProperty("id").GetString(), answers[0].GetProperty("decision").GetString()));
        Assert.Equal(("bad", "ImplicitDeny"), (answers[1].GetProperty("id").GetString(), answers[1].GetProperty("decision").GetString()));
        Assert.Contains("`aws:MultiFactorAuthPresent`", answers[1].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yes", "strict", HttpStatusCode.Forbidden)]
    [InlineData("true", "strict", HttpStatusCode.OK)]
    [InlineData("yes", "off", HttpStatusCode.OK)]
    public async Task Forward_auth_denies_a_mapped_header_of_the_wrong_type(string header, string mode, HttpStatusCode expected)
    {
        // A mapping that copies a header into a Bool key: `yes` is an encoding slip, denied when strict.
        string mapping = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(mapping, """{ "contextHeaders": { "X-Mfa": "aws:MultiFactorAuthPresent" } }""");
        try
        {
            await using GatewayFixture engine = await StartAsync("--gateway", mapping, "--context-check", mode);
            using HttpClient client = engine.Client();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/forward-auth");
            request.Headers.Add("X-Principal-Arn", Alice);
            request.Headers.Add("X-Forwarded-Method", "GET");
            request.Headers.Add("X-Forwarded-Uri", "/pets/7");
            request.Headers.Add("X-Mfa", header);
            using HttpResponseMessage response = await client.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }
        finally
        {
            File.Delete(mapping);
        }
    }

    [Theory]
    [InlineData("yes", 7)]
    [InlineData("true", 0)]
    public async Task Ext_authz_denies_a_mapped_header_of_the_wrong_type(string header, int expectedCode)
    {
        string mapping = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(mapping, """{ "contextHeaders": { "X-Mfa": "aws:MultiFactorAuthPresent" } }""");
        try
        {
            await using GatewayFixture engine = await StartAsync("--grpc", "127.0.0.1:0", "--gateway", mapping);
            using GrpcChannel channel = GrpcChannel.ForAddress(engine.GrpcAddress!);
            var http = new AttributeContext.Types.HttpRequest { Method = "GET", Path = "/pets/1", Scheme = "http", Protocol = "HTTP/1.1" };
            http.Headers["x-principal-arn"] = Alice;
            http.Headers["x-mfa"] = header;
            var source = new AttributeContext.Types.Peer { Address = new Address { SocketAddress = new Engine.Gateway.Envoy.Core.SocketAddress { Address = "127.0.0.1", PortValue = 40000 } } };
            CheckResponse response = await new Engine.Gateway.Envoy.Auth.Authorization.AuthorizationClient(channel).CheckAsync(
                new CheckRequest { Attributes = new AttributeContext { Source = source, Request = new AttributeContext.Types.Request { Http = http } } });
            Assert.Equal(expectedCode, response.Status.Code);
        }
        finally
        {
            File.Delete(mapping);
        }
    }

    [Fact]
    public void Serve_refuses_an_unknown_context_check_mode()
    {
        Engine.Host.Cli.UsageException e = Assert.Throws<Engine.Host.Cli.UsageException>(
            () => Engine.Host.Cli.ServeCommand.ParseOptions(["--context-check", "lenient"], TextWriter.Null, null));
        Assert.Contains("--context-check takes `strict` or `off`, not `lenient`", e.Message, StringComparison.Ordinal);
    }
}
