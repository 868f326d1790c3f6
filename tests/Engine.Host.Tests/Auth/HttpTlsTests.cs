using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Engine.Gateway.Envoy.Auth;
using Engine.Host.Cli;
using Engine.Host.Tests.Gateway;
using Grpc.Core;
using Grpc.Net.Client;
using static Engine.Host.Tests.Gateway.GatewayFixture;

namespace Engine.Host.Tests.Auth;

/// <summary>
/// <c>engine serve --http-tls</c>: the HTTP and gRPC listeners behind the binary listener's
/// certificate, client CA and allow-list. A client with an allowed certificate is answered; one
/// without a certificate, with one off the allow-list or from another CA fails its handshake, is
/// never decided, and is counted in <c>engine_connections_refused_total</c>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HttpTlsTests : IDisposable
{
    private readonly TestCertificates _pki = TestCertificates.Create();

    public void Dispose() => _pki.Dispose();

    private string[] TlsArguments(params string[] extra) =>
    [
        "--http-tls", "--tls-cert", _pki.PathOf("server.pem"), "--tls-key", _pki.PathOf("server-key.pem"),
        "--tls-client-ca", _pki.PathOf("ca.pem"), "--tls-allow-subject", TestCertificates.AllowedSubject, .. extra,
    ];

    // Trusts the test CA alone for the server, and presents `certificate` (if any) as the client.
    private SocketsHttpHandler Handler(X509Certificate2? certificate) => _pki.ClientHandler(certificate);

    [Fact]
    public async Task Http_answers_an_allowed_client_certificate_and_refuses_the_others_in_the_handshake()
    {
        await using GatewayFixture engine = await StartAsync(TlsArguments());
        Assert.Equal("https", engine.BaseAddress!.Scheme);

        using (var allowed = new HttpClient(Handler(_pki.AllowedClient)) { BaseAddress = engine.BaseAddress })
        {
            using HttpResponseMessage response = await allowed.PostAsync("/v1/authorize", new StringContent(
                $$"""{"principal":"{{Bob}}","action":"s3:GetObject","resource":"arn:aws:s3:::logs/a.txt"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Allow", json.RootElement.GetProperty("decision").GetString());
        }

        // One connection each (HttpClient would retry on new connections): no answer for any.
        foreach (X509Certificate2? refused in (X509Certificate2?[])[null, _pki.UnlistedClient, _pki.ForeignClient])
        {
            Assert.Null(await TryGetHealthAsync(engine.BaseAddress, refused));
        }

        Assert.Contains("200 OK", await TryGetHealthAsync(engine.BaseAddress, _pki.AllowedClient), StringComparison.Ordinal);

        // Cleartext on the TLS port gets no answer either.
        using (var plain = new HttpClient { BaseAddress = new Uri($"http://{engine.BaseAddress.Authority}"), Timeout = TimeSpan.FromSeconds(10) })
        {
            try
            {
                using HttpResponseMessage answer = await plain.GetAsync("/healthz");
                Assert.NotEqual(HttpStatusCode.OK, answer.StatusCode);
            }
            catch (HttpRequestException)
            {
                // Closed: as good as a 400.
            }
        }

        using var scraper = new HttpClient(Handler(_pki.AllowedClient)) { BaseAddress = engine.BaseAddress };
        PrometheusText metrics = await MetricsEndpointTests.ScrapeAsync(scraper);
        Assert.Equal(3, metrics.Value("engine_connections_refused_total", ("listener", "http"), ("reason", "unauthorized")));
    }

    // GET /healthz on one TLS connection presenting `certificate`: the answer's first line, or null
    // when the handshake failed or the connection closed without one. Under TLS 1.3 a client's
    // handshake can finish before the server has judged its certificate: the refusal then comes
    // as an alert at the first read.
    private async Task<string?> TryGetHealthAsync(Uri address, X509Certificate2? certificate)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream());
        try
        {
            await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificates = certificate is null ? null : [certificate],
                RemoteCertificateValidationCallback = (_, server, _, _) => server is X509Certificate2 leaf && leaf.Thumbprint == _pki.Server.Thumbprint,
            });
            await tls.WriteAsync("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray());
            using var reader = new StreamReader(tls);
            return await reader.ReadLineAsync();
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            return null;
        }
    }

    [Fact]
    public async Task Grpc_ext_authz_over_tls_checks_an_allowed_client_and_refuses_an_unlisted_one()
    {
        await using GatewayFixture engine = await StartAsync(TlsArguments("--grpc", "127.0.0.1:0"));
        var check = new CheckRequest
        {
            Attributes = new AttributeContext
            {
                Request = new AttributeContext.Types.Request
                {
                    Http = new AttributeContext.Types.HttpRequest { Method = "GET", Path = "/pets/1", Scheme = "https", Protocol = "HTTP/1.1", Headers = { ["x-principal-arn"] = Alice } },
                },
            },
        };

        using (GrpcChannel channel = GrpcChannel.ForAddress(engine.GrpcAddress!, new GrpcChannelOptions { HttpHandler = Handler(_pki.AllowedClient) }))
        {
            CheckResponse allowed = await new Engine.Gateway.Envoy.Auth.Authorization.AuthorizationClient(channel).CheckAsync(check);
            Assert.Equal(0, allowed.Status.Code);
        }

        using (GrpcChannel channel = GrpcChannel.ForAddress(engine.GrpcAddress!, new GrpcChannelOptions { HttpHandler = Handler(_pki.UnlistedClient) }))
        {
            // Under TLS 1.3 the client's handshake can finish before the server has judged its
            // certificate; the refusal then arrives while the call is sending (Unavailable) or
            // while it reads the answer's headers (Internal), as the race falls. Either is a
            // transport failure, never a check answer: the decision counts below prove none was made.
            RpcException refused = await Assert.ThrowsAsync<RpcException>(async () => await new Engine.Gateway.Envoy.Auth.Authorization.AuthorizationClient(channel).CheckAsync(check));
            Assert.True(refused.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"not a transport failure: {refused.Status}");
        }

        using var scraper = new HttpClient(Handler(_pki.AllowedClient)) { BaseAddress = engine.BaseAddress };
        PrometheusText metrics = await MetricsEndpointTests.ScrapeAsync(scraper);
        Assert.True(metrics.Value("engine_connections_refused_total", ("listener", "grpc"), ("reason", "unauthorized")) >= 1);
        Assert.Equal(1, Enum.GetValues<Engine.Gateway.Metrics.DecisionOutcome>().Sum(outcome =>
            metrics.Value("engine_decisions_total", ("transport", "ext-authz"), ("outcome", outcome.ToString()))));
    }

    [Fact]
    public async Task Without_a_client_ca_http_is_private_but_asks_for_no_certificate()
    {
        await using GatewayFixture engine = await StartAsync("--http-tls", "--tls-cert", _pki.PathOf("server.pem"), "--tls-key", _pki.PathOf("server-key.pem"));
        Assert.Equal("https", engine.BaseAddress!.Scheme);
        Assert.Contains("200 OK", await TryGetHealthAsync(engine.BaseAddress, certificate: null), StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_that_do_not_fit_together_are_refused_with_a_clear_message()
    {
        UsageException noCertificate = Assert.Throws<UsageException>(() => ServeCommand.ParseOptions(["--http", "127.0.0.1:0", "--http-tls"], TextWriter.Null, null));
        Assert.Contains("add --tls-cert and --tls-key", noCertificate.Message, StringComparison.Ordinal);

        UsageException onlyUnix = Assert.Throws<UsageException>(() => ServeCommand.ParseOptions(
            ["--http", "unix:/tmp/never-http.sock", .. TlsArguments()], TextWriter.Null, null));
        Assert.Contains("no TCP --http or --grpc listener", onlyUnix.Message, StringComparison.Ordinal);

        // With a unix --listen, the certificate is for HTTP only, not refused as it is without --http-tls.
        ServeOptions options = ServeCommand.ParseOptions(["--listen", "unix:/tmp/never.sock", "--http", "127.0.0.1:0", .. TlsArguments()], TextWriter.Null, null)!;
        Assert.Null(options.Server.Tls);
        Assert.NotNull(options.HttpTls);
    }
}
