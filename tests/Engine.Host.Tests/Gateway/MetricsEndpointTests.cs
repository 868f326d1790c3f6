using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Engine.Gateway.Envoy.Auth;
using Engine.Gateway.Envoy.Core;
using Engine.Host.Server;
using Engine.Host.Tests.Server;
using Engine.Protocol;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;
using Grpc.Net.Client;
using static Engine.Host.Tests.Gateway.GatewayFixture;

namespace Engine.Host.Tests.Gateway;

/// <summary>
/// <c>GET /metrics</c> of an in-process <c>engine serve</c> with every transport, scraped and parsed
/// after known traffic: each count below is exact, since each serve run has its own registry.
/// </summary>
public class MetricsEndpointTests
{
    private const string PetsGet = "arn:aws:execute-api:us-east-1:111122223333:local/default/GET/pets/1";
    private const string PetsDelete = "arn:aws:execute-api:us-east-1:111122223333:local/default/DELETE/pets/1";
    private const string Mallory = "arn:aws:iam::111122223333:user/mallory";

    internal static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        using HttpResponseMessage response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private static double Decisions(PrometheusText scrape, string transport, string outcome) =>
        scrape.Value("engine_decisions_total", ("transport", transport), ("outcome", outcome));

    private static CheckRequest Check(string method, string? principal)
    {
        var http = new AttributeContext.Types.HttpRequest { Method = method, Path = "/pets/1", Scheme = "http", Protocol = "HTTP/1.1" };
        if (principal is not null)
        {
            http.Headers["x-principal-arn"] = principal;
        }

        var source = new AttributeContext.Types.Peer { Address = new Address { SocketAddress = new Engine.Gateway.Envoy.Core.SocketAddress { Address = "10.0.0.9", PortValue = 40000 } } };
        return new CheckRequest { Attributes = new AttributeContext { Source = source, Request = new AttributeContext.Types.Request { Http = http } } };
    }

    private static HttpRequestMessage ForwardAuth(HttpMethod method, string? principal)
    {
        var request = new HttpRequestMessage(method, "/v1/forward-auth/pets/1");
        if (principal is not null)
        {
            request.Headers.Add("X-Principal-Arn", principal);
        }

        return request;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    [Fact]
    public void Serve_help_names_the_operations_endpoints()
    {
        var output = new StringWriter();
        Assert.Equal(0, Engine.Host.Cli.ServeCommand.Run(["--help"], output));
        foreach (string endpoint in (string[])["GET /metrics", "GET /healthz", "GET /readyz", "curl -s 127.0.0.1:7071/metrics"])
        {
            Assert.Contains(endpoint, output.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Metrics_count_decisions_by_transport_and_outcome_durations_connections_reloads_and_the_bundle()
    {
        await using GatewayFixture engine = await StartAsync("--listen", "127.0.0.1:0", "--grpc", "127.0.0.1:0");
        using HttpClient http = engine.Client();
        DecisionServer server = engine.Server!;

        // Before any traffic every series is there, at 0, and the bundle is the one loaded.
        PrometheusText start = await ScrapeAsync(http);
        foreach (string transport in (string[])["binary", "ext-authz", "forward-auth", "json"])
        {
            foreach (string outcome in (string[])["Allow", "ExplicitDeny", "ImplicitDeny", "Unauthenticated", "Error"])
            {
                Assert.Equal(0, Decisions(start, transport, outcome));
            }

            Assert.Equal(0, start.Value("engine_request_duration_seconds_count", ("transport", transport)));
        }

        ulong firstRevision = server.Policies.Current.Revision;
        Assert.Equal(1, start.Value("engine_bundle_info", ("revision", firstRevision.ToString(CultureInfo.InvariantCulture))));
        Assert.InRange(start.Value("engine_bundle_age_seconds"), 0, double.MaxValue);
        Assert.Equal(0, start.Value("engine_reloads_total", ("outcome", "succeeded")));
        Assert.Equal(0, start.Value("engine_reloads_total", ("outcome", "failed")));

        // Binary: an Allow, an ExplicitDeny, an unknown principal (not evaluated: Error).
        await using (EngineClient client = await EngineClient.ConnectAsync(engine.BinaryAddress!))
        {
            Assert.True((await client.QueryAsync(Alice, "execute-api:Invoke", PetsGet)).IsAllowed);
            Assert.Equal(Decision.ExplicitDeny, (await client.QueryAsync(Alice, "execute-api:Invoke", PetsDelete)).Decision);
            Assert.Equal(ResponseStatus.UnknownPrincipal, (await client.QueryAsync(Mallory, "execute-api:Invoke", PetsGet)).Status);
            Assert.InRange((await ScrapeAsync(http)).Value("engine_connections", ("listener", "binary")), 1, 1);
        }

        // ext_authz: an Allow, an ExplicitDeny, one without a principal.
        using (GrpcChannel channel = GrpcChannel.ForAddress(engine.GrpcAddress!))
        {
            var client = new Engine.Gateway.Envoy.Auth.Authorization.AuthorizationClient(channel);
            Assert.Equal(0, (await client.CheckAsync(Check("GET", Alice))).Status.Code);
            Assert.Equal(7, (await client.CheckAsync(Check("DELETE", Alice))).Status.Code);
            Assert.Equal(16, (await client.CheckAsync(Check("GET", null))).Status.Code);
            Assert.InRange((await ScrapeAsync(http)).Value("engine_connections", ("listener", "grpc")), 1, double.MaxValue);
        }

        // forward-auth: an Allow, an ExplicitDeny, one without a principal, an unknown principal.
        foreach ((HttpMethod method, string? principal, HttpStatusCode expected) in new (HttpMethod, string?, HttpStatusCode)[]
        {
            (HttpMethod.Get, Alice, HttpStatusCode.OK),
            (HttpMethod.Delete, Alice, HttpStatusCode.Forbidden),
            (HttpMethod.Get, null, HttpStatusCode.Unauthorized),
            (HttpMethod.Get, Mallory, HttpStatusCode.Forbidden),
        })
        {
            using HttpRequestMessage request = ForwardAuth(method, principal);
            using HttpResponseMessage response = await http.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }

        // JSON: one Allow; a batch of an ExplicitDeny and an ImplicitDeny; a malformed body (Error).
        using (HttpResponseMessage one = await http.PostAsync("/v1/authorize", Json($$"""{"principal":"{{Alice}}","action":"execute-api:Invoke","resource":"{{PetsGet}}"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        }

        using (HttpResponseMessage batch = await http.PostAsync("/v1/authorize/batch", Json($$"""
            [{"id":1,"principal":"{{Alice}}","action":"execute-api:Invoke","resource":"{{PetsDelete}}"},
             {"id":2,"principal":"{{Bob}}","action":"execute-api:Invoke","resource":"{{PetsGet}}"}]
            """)))
        {
            Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        }

        using (HttpResponseMessage malformed = await http.PostAsync("/v1/authorize", Json("{\"principal\":")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        // A good reload (a changed policy), then a broken one (the last good bundle keeps serving).
        string logs = Path.Combine(engine.Directory, "policies", "logs.json");
        await File.WriteAllTextAsync(logs, """{ "Version": "2012-10-17", "Statement": [ { "Sid": "ReadLogsToo", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*" } ] }""");
        Assert.True(server.Reload());
        ulong secondRevision = server.Policies.Current.Revision;
        Assert.NotEqual(firstRevision, secondRevision);
        await File.WriteAllTextAsync(logs, "{ \"Version\": ");
        Assert.False(server.Reload());
        Assert.Equal(secondRevision, server.Policies.Current.Revision);

        PrometheusText scrape = await ScrapeAsync(http);
        (string Transport, string Outcome, double Count)[] counts =
        [
            ("binary", "Allow", 1), ("binary", "ExplicitDeny", 1), ("binary", "ImplicitDeny", 0), ("binary", "Unauthenticated", 0), ("binary", "Error", 1),
            ("ext-authz", "Allow", 1), ("ext-authz", "ExplicitDeny", 1), ("ext-authz", "ImplicitDeny", 0), ("ext-authz", "Unauthenticated", 1), ("ext-authz", "Error", 0),
            ("forward-auth", "Allow", 1), ("forward-auth", "ExplicitDeny", 1), ("forward-auth", "ImplicitDeny", 0), ("forward-auth", "Unauthenticated", 1), ("forward-auth", "Error", 1),
            ("json", "Allow", 1), ("json", "ExplicitDeny", 1), ("json", "ImplicitDeny", 1), ("json", "Unauthenticated", 0), ("json", "Error", 1),
        ];
        foreach ((string transport, string outcome, double count) in counts)
        {
            Assert.True(count == Decisions(scrape, transport, outcome), $"{transport} {outcome}: expected {count}, scraped {Decisions(scrape, transport, outcome)}");
        }

        // One duration per request answered (a JSON batch is one request); +Inf holds them all.
        foreach ((string transport, double requests) in new (string, double)[] { ("binary", 3), ("ext-authz", 3), ("forward-auth", 4), ("json", 3) })
        {
            Assert.Equal(requests, scrape.Value("engine_request_duration_seconds_count", ("transport", transport)));
            Assert.Equal(requests, scrape.Value("engine_request_duration_seconds_bucket", ("transport", transport), ("le", "+Inf")));
            Assert.True(scrape.Value("engine_request_duration_seconds_sum", ("transport", transport)) > 0);
        }

        Assert.Equal(1, scrape.Value("engine_reloads_total", ("outcome", "succeeded")));
        Assert.Equal(1, scrape.Value("engine_reloads_total", ("outcome", "failed")));

        // The info series follows the reload: only the active revision is left.
        Assert.Equal($"engine_bundle_info{{revision={secondRevision.ToString(CultureInfo.InvariantCulture)}}}", Assert.Single(scrape.SeriesOf("engine_bundle_info")));
        Assert.Equal(1, scrape.Value("engine_bundle_info", ("revision", secondRevision.ToString(CultureInfo.InvariantCulture))));
        Assert.InRange(scrape.Value("engine_bundle_age_seconds"), 0, double.MaxValue);

        // The scraping connection itself is open.
        Assert.InRange(scrape.Value("engine_connections", ("listener", "http")), 1, double.MaxValue);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Connections_refused_for_want_of_the_auth_token_are_counted()
    {
        string tokenFile = Path.Combine(Path.GetTempPath(), $"engine-token-{Guid.NewGuid():N}");
        File.WriteAllText(tokenFile, "a-token-for-the-metrics-test-0123456789\n");
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            await using GatewayFixture engine = await StartAsync("--listen", "127.0.0.1:0", "--auth-token-file", tokenFile);
            using HttpClient http = engine.Client();
            double before = (await ScrapeAsync(http)).Value("engine_connections_refused_total", ("listener", "binary"), ("reason", "unauthorized"));

            // Two connections that send a query instead of the Hello: each refused, each counted once.
            for (ulong id = 1; id <= 2; id++)
            {
                using RawConnection raw = RawConnection.Connect(engine.Server!.LocalAddress);
                raw.Send(MfaQueries.AliceAllowed(id));
                ErrorResponse refused = Assert.IsType<ErrorResponse>(raw.ReadResponse());
                Assert.Equal(ResponseStatus.Unauthorized, refused.Status);
                Assert.True(raw.ReadsEndOfStream());
            }

            PrometheusText after = await ScrapeAsync(http);
            Assert.Equal(before + 2, after.Value("engine_connections_refused_total", ("listener", "binary"), ("reason", "unauthorized")));
            Assert.Equal(0, Decisions(after, "binary", "Allow"));
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }
}
