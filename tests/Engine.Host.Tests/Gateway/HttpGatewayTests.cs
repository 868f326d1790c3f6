using System.Net;
using System.Text;
using System.Text.Json;
using Engine.Gateway.Http;
using Engine.Host.Cli;
using static Engine.Host.Tests.Gateway.GatewayFixture;

namespace Engine.Host.Tests.Gateway;

/// <summary><c>engine serve --http</c> on loopback, asked with real HTTP requests.</summary>
public class HttpGatewayTests
{
    private static HttpRequestMessage ForwardAuth(string? principal, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/forward-auth");
        if (principal is not null)
        {
            request.Headers.Add("X-Principal-Arn", principal);
        }

        foreach ((string name, string value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return request;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.GetValues(name));

    [Theory]
    [InlineData("X-Forwarded-Method", "X-Forwarded-Uri")]
    [InlineData("X-Original-Method", "X-Original-URI")]
    public async Task Forward_auth_allows_with_200_and_identity_headers(string methodHeader, string uriHeader)
    {
        await using GatewayFixture engine = await StartAsync();
        using HttpClient client = engine.Client();
        using HttpResponseMessage response = await client.SendAsync(ForwardAuth(Alice, (methodHeader, "GET"), (uriHeader, "/pets/7?color=red")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Alice, Header(response, GatewayHeaders.Principal));
        Assert.Equal("Allow", Header(response, GatewayHeaders.Decision));
        Assert.Equal("identity[0].Statement[0] (Sid \"ReadPets\") Allow", Header(response, GatewayHeaders.Statement));
        Assert.NotEqual(string.Empty, Header(response, GatewayHeaders.Revision));
    }

    [Fact]
    public async Task Forward_auth_in_envoys_http_service_mode_reads_its_own_method_and_path()
    {
        await using GatewayFixture engine = await StartAsync();
        using HttpClient client = engine.Client();
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/v1/forward-auth/pets/1");
        allowed.Headers.Add("X-Principal-Arn", Alice);
        using HttpResponseMessage ok = await client.SendAsync(allowed);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var deleted = new HttpRequestMessage(HttpMethod.Delete, "/v1/forward-auth/pets/1");
        deleted.Headers.Add("X-Principal-Arn", Alice);
        using HttpResponseMessage denied = await client.SendAsync(deleted);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("ExplicitDeny", Header(denied, GatewayHeaders.Decision));
        Assert.Equal("identity[0].Statement[1] (Sid \"NoDeletes\") Deny", Header(denied, GatewayHeaders.Statement));
    }

    [Theory]
    [InlineData(Alice, "DELETE", "/pets/1", "ExplicitDeny")]
    [InlineData(Alice, "GET", "/owners/1", "ImplicitDeny")]
    [InlineData(Bob, "GET", "/pets/1", "ImplicitDeny")]
    [InlineData("arn:aws:iam::111122223333:user/mallory", "GET", "/pets/1", "ImplicitDeny")]
    public async Task Forward_auth_denies_with_403(string principal, string method, string uri, string decision)
    {
        await using GatewayFixture engine = await StartAsync();
        using HttpClient client = engine.Client();
        using HttpResponseMessage response = await client.SendAsync(ForwardAuth(principal, ("X-Forwarded-Method", method), ("X-Forwarded-Uri", uri)));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(principal, Header(response, GatewayHeaders.Principal));
        Assert.Equal(decision, Header(response, GatewayHeaders.Decision));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Forward_auth_without_a_principal_is_401_with_empty_headers(string? principal)
    {
        await using GatewayFixture engine = await StartAsync();
        using HttpClient client = engine.Client();
        using HttpRequestMessage request = ForwardAuth(null, ("X-Forwarded-Method", "GET"), ("X-Forwarded-Uri", "/pets/1"));
        if (principal is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Principal-Arn", principal);
        }

        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(string.Empty, Header(response, GatewayHeaders.Principal));
        Assert.Equal(string.Empty, Header(response, GatewayHeaders.Decision));
        Assert.Equal(string.Empty, Header(response, GatewayHeaders.Statement));
    }

    [Fact]
    public async Task Forward_auth_follows_route_rules_and_header_context_of_the_mapping_file()
    {
        string mapping = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(mapping, """
            {
              "principal": { "header": "X-Caller" },
              "routes": [ { "method": "GET", "path": "/t/{bucket}/{key+}", "action": "s3:GetObject", "resource": "arn:aws:s3:::{bucket}/{key}" } ],
              "contextHeaders": { "X-Tenant": "aws:PrincipalTag/tenant" }
            }
            """);
        try
        {
            await using GatewayFixture engine = await StartAsync("--gateway", mapping);
            using HttpClient client = engine.Client();

            async Task<HttpStatusCode> Ask(string principal, string uri, string? tenant)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/forward-auth");
                request.Headers.Add("X-Caller", principal);
                request.Headers.Add("X-Forwarded-Method", "GET");
                request.Headers.Add("X-Forwarded-Uri", uri);
                if (tenant is not null)
                {
                    request.Headers.Add("X-Tenant", tenant);
                }

                using HttpResponseMessage response = await client.SendAsync(request);
                return response.StatusCode;
            }

            Assert.Equal(HttpStatusCode.OK, await Ask(Bob, "/t/logs/2026/12/a.txt", null));
            Assert.Equal(HttpStatusCode.Forbidden, await Ask(Bob, "/t/tenants/a.txt", "blue"));
            Assert.Equal(HttpStatusCode.OK, await Ask(Alice, "/t/tenants/a.txt", "blue"));
            Assert.Equal(HttpStatusCode.Forbidden, await Ask(Alice, "/t/tenants/a.txt", "green"));
            Assert.Equal(HttpStatusCode.Forbidden, await Ask(Alice, "/elsewhere", "blue"));
        }
        finally
        {
            File.Delete(mapping);
        }
    }

    [Fact]
    public async Task A_mapping_file_with_errors_stops_serve_with_located_errors()
    {
        string mapping = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(mapping, """{"routes":[{"path":"/a/{x}","action":"s3:GetObject","resource":"arn:aws:s3:::{y}"}]}""");
        try
        {
            UsageException error = await Assert.ThrowsAsync<UsageException>(async () =>
            {
                GatewayFixture engine = await StartAsync("--gateway", mapping);
                await engine.DisposeAsync();
            });
            Assert.Contains("`{y}` is not a variable of the path `/a/{x}` at $.routes[0].resource (line 1, column 64)", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(mapping);
        }
    }

    [Fact]
    public async Task Json_api_answers_decision_statement_and_revision()
    {
        await using GatewayFixture engine = await StartAsync();
        using HttpClient client = engine.Client();
        using HttpResponseMessage response = await client.PostAsync("/v1/authorize", new StringContent(
            $$$"""{"principal":"{{{Bob}}}","action":"s3:GetObject","resource":"arn:aws:s3:::logs/a.txt","context":{"aws:SecureTransport":true,"aws:TagKeys":["a","b"]}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = json.RootElement;
        Assert.Equal("Allow", root.GetProperty("decision").GetString());
        Assert.Equal("ReadLogs", root.GetProperty("statement").GetProperty("sid").GetString());
        Assert.Equal("identity", root.GetProperty("statement").GetProperty("policy").GetString());
        Assert.True(ulong.Parse(root.GetProperty("revision").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.False(root.TryGetProperty("explanation", out _));
    }

    [Fact]
    public async Task Json_api_explains_when_asked()
    {
        await using GatewayFixture engine = await StartAsync();
        using HttpClient client = engine.Client();
        using HttpResponseMessage response = await client.PostAsync("/v1/authorize?explain=true", new StringContent(
            $$"""{"principal":"{{Bob}}","action":"s3:PutObject","resource":"arn:aws:s3:::logs/a.txt"}"""));
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = json.RootElement;
        Assert.Equal("ImplicitDeny", root.GetProperty("decision").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("statement").ValueKind);
        JsonElement explanation = root.GetProperty("explanation");
        Assert.NotEqual(0, explanation.GetProperty("reasons").GetArrayLength());
        JsonElement statement = Assert.Single(explanation.GetProperty("statements").EnumerateArray());
        Assert.False(statement.GetProperty("applies").GetBoolean());
        Assert.Contains("ReadLogs", statement.GetProperty("statement").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_batch_answers_each_item_in_order_with_its_id()
    {
        await using GatewayFixture engine = await StartAsync();
        using HttpClient client = engine.Client();
        var items = new StringBuilder("[");
        for (int i = 0; i < 100; i++)
        {
            string resource = i % 2 == 0 ? "arn:aws:s3:::logs/a.txt" : "arn:aws:s3:::other/a.txt";
            items.Append(i == 0 ? "" : ",").Append($$"""{"id":"q{{i}}","principal":"{{Bob}}","action":"s3:GetObject","resource":"{{resource}}"}""");
        }

        items.Append(",{\"id\":7,\"principal\":\"").Append(Alice).Append("\",\"action\":\"execute-api:Invoke\",\"resource\":\"arn:aws:execute-api:us-east-1:111122223333:local/default/DELETE/x\"}]");
        using HttpResponseMessage response = await client.PostAsync("/v1/authorize/batch", new StringContent(items.ToString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement[] answers = [.. json.RootElement.EnumerateArray()];
        Assert.Equal(101, answers.Length);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal($"q{i}", answers[i].GetProperty("id").GetString());
            Assert.Equal(i % 2 == 0 ? "Allow" : "ImplicitDeny", answers[i].GetProperty("decision").GetString());
        }

        Assert.Equal(7, answers[100].GetProperty("id").GetInt32());
        Assert.Equal("ExplicitDeny", answers[100].GetProperty("decision").GetString());
    }

    [Theory]
    [InlineData("/v1/authorize", "{\"principal\":\"a\",\n \"action\": 5, \"resource\":\"*\"}", "`action` must be a string, not a number", "$.action", 2, 12)]
    [InlineData("/v1/authorize", "{\"principal\":\"a\",\"action\":\"s3:GetObject\"}", "a request needs `resource`", "$", 1, 1)]
    [InlineData("/v1/authorize", "{\"principal\":\"a\",\"action\":\"s3:GetObject\",\"resource\":\"*\",\"context\":{\"k\":{}}}", "the value of `k` must be a string, number, boolean or a list of them, not an object", "$.context.k", 1, 72)]
    [InlineData("/v1/authorize", "{\"principal\":\"a\",\"actoin\":\"s3:GetObject\"}", "unknown request member `actoin`", "$.actoin", 1, 18)]
    [InlineData("/v1/authorize", "{\"principal\":", null, null, 1, 0)]
    [InlineData("/v1/authorize/batch", "{}", "a batch must be a list of requests, not an object", "$", 1, 1)]
    [InlineData("/v1/authorize/batch", "[{\"principal\":\"a\",\"action\":\"s3:GetObject\",\"resource\":\"*\"},{\"id\":true}]", "`id` must be a string or a number, not a boolean", "$[1].id", 1, 65)]
    public async Task Json_api_refuses_a_malformed_body_with_400_path_and_position(string path, string body, string? message, string? jsonPath, int line, int column)
    {
        await using GatewayFixture engine = await StartAsync();
        using HttpClient client = engine.Client();
        using HttpResponseMessage response = await client.PostAsync(path, new StringContent(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = json.RootElement;
        if (message is not null)
        {
            Assert.Equal(message, root.GetProperty("error").GetString());
            Assert.Equal(jsonPath, root.GetProperty("path").GetString());
            Assert.Equal(column, root.GetProperty("column").GetInt32());
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(root.GetProperty("error").GetString()));
            Assert.True(root.GetProperty("column").GetInt32() > 0);
        }

        Assert.Equal(line, root.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Json_api_takes_only_post_and_bounds_the_body()
    {
        await using GatewayFixture engine = await StartAsync("--http-max-body", "1024");
        using HttpClient client = engine.Client();
        using HttpResponseMessage get = await client.GetAsync("/v1/authorize");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        using HttpResponseMessage big = await client.PostAsync("/v1/authorize/batch", new StringContent("[" + new string(' ', 4096) + "]"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        using HttpResponseMessage missing = await client.GetAsync("/nowhere");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Health_and_readiness_answer_200_while_serving()
    {
        await using GatewayFixture engine = await StartAsync();
        using HttpClient client = engine.Client();
        using HttpResponseMessage health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using HttpResponseMessage ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(0, await engine.StopAsync());
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/healthz"));
    }

    [Fact]
    public async Task Dry_run_answers_allow_and_logs_the_real_decision()
    {
        await using GatewayFixture engine = await StartAsync("--dry-run");
        using HttpClient client = engine.Client();
        using HttpResponseMessage denied = await client.SendAsync(ForwardAuth(Alice, ("X-Forwarded-Method", "DELETE"), ("X-Forwarded-Uri", "/pets/1")));
        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        Assert.Equal("Allow", Header(denied, GatewayHeaders.Decision));
        using HttpResponseMessage anonymous = await client.SendAsync(ForwardAuth(null, ("X-Forwarded-Uri", "/pets/1")));
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        using HttpResponseMessage json = await client.PostAsync("/v1/authorize", new StringContent($$"""{"principal":"{{Bob}}","action":"s3:PutObject","resource":"arn:aws:s3:::logs/a"}"""));
        using JsonDocument answer = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        Assert.Equal("Allow", answer.RootElement.GetProperty("decision").GetString());
        Assert.Equal("ImplicitDeny", answer.RootElement.GetProperty("dryRunDecision").GetString());
        Assert.Contains("dry run: every request is allowed", engine.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_listens_on_a_unix_socket()
    {
        string socket = Path.Combine(Path.GetTempPath(), "engine-" + Guid.NewGuid().ToString("N")[..12] + ".sock");
        await using GatewayFixture engine = await StartAsync("--http", "unix:" + socket);
        using HttpClient client = UnixClient(socket);
        using HttpResponseMessage response = await client.SendAsync(ForwardAuth(Alice, ("X-Forwarded-Method", "GET"), ("X-Forwarded-Uri", "/pets/1")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Serve_with_no_listener_answers_binary_and_http_on_loopback()
    {
        ServeOptions none = ServeCommand.ParseOptions([], TextWriter.Null, null)!;
        Assert.True(none.ListenBinary);
        Assert.Equal("127.0.0.1:7071", Assert.Single(none.Http.Http).ToString());

        ServeOptions httpOnly = ServeCommand.ParseOptions(["--http", "127.0.0.1:0"], TextWriter.Null, null)!;
        Assert.False(httpOnly.ListenBinary);

        ServeOptions binaryOnly = ServeCommand.ParseOptions(["--listen", "127.0.0.1:0"], TextWriter.Null, null)!;
        Assert.True(binaryOnly.ListenBinary);
        Assert.Empty(binaryOnly.Http.Http);

        Assert.Throws<UsageException>(() => ServeCommand.ParseOptions(["--http", "nowhere"], TextWriter.Null, null));
    }
}
