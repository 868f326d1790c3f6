using System.Diagnostics;
using System.Net;
using static Engine.Host.Tests.Gateway.GatewayFixture;

namespace Engine.Host.Tests.Gateway;

/// <summary>
/// The engine as the authorizer of real nginx (<c>auth_request</c>) and Caddy (<c>forward_auth</c>):
/// allowed requests reach the upstream with the principal header, denied ones get 403, those
/// without a principal 401, and with the engine stopped every request fails closed. The binaries
/// must be on PATH (the tests fail, not skip, without them); filter with <c>Category=RealGateway</c>.
/// </summary>
[Trait("Category", "RealGateway")]
public class RealGatewayTests
{
    [Fact]
    public Task Nginx_auth_request() => RunAsync("nginx", (nginx, port, engine, upstream, temp) =>
    {
        string config = Path.Combine(temp, "nginx.conf");
        File.WriteAllText(config, RealGateways.NginxConfig(port, engine, upstream, temp));
        string log = Path.Combine(temp, "error.log");
        return (RealGateways.Start(nginx, $"-e {log} -p {temp}/ -c {config} -g \"daemon off; pid {temp}/nginx.pid; error_log {log};\"", temp), log);
    });

    /// <summary>nginx reaching an engine on <c>--http-tls</c> with a client certificate the engine's allow-list names.</summary>
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Nginx_auth_request_over_mutual_tls()
    {
        using Auth.TestCertificates pki = Auth.TestCertificates.Create();
        string[] tls =
        [
            "--http-tls", "--tls-cert", pki.PathOf("server.pem"), "--tls-key", pki.PathOf("server-key.pem"),
            "--tls-client-ca", pki.PathOf("ca.pem"), "--tls-allow-subject", Auth.TestCertificates.AllowedSubject,
        ];
        await RunAsync("nginx", (nginx, port, engine, upstream, temp) =>
        {
            Assert.Equal("https", engine.Scheme);
            string config = Path.Combine(temp, "nginx.conf");
            File.WriteAllText(config, RealGateways.NginxConfig(port, engine, upstream, temp, pki.Directory));
            string log = Path.Combine(temp, "error.log");
            return (RealGateways.Start(nginx, $"-e {log} -p {temp}/ -c {config} -g \"daemon off; pid {temp}/nginx.pid; error_log {log};\"", temp), log);
        }, tls);
    }

    /// <summary>
    /// nginx that trusts the engine's certificate but presents none of its own: the engine refuses
    /// the handshake, and nginx's <c>auth_request</c> answers 500 (docs/gateways.md): closed.
    /// </summary>
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Nginx_without_a_client_certificate_fails_closed()
    {
        using Auth.TestCertificates pki = Auth.TestCertificates.Create();
        string nginx = RealGateways.Require("nginx");
        string temp = Path.Combine(Path.GetTempPath(), "engine-nginx-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(temp);
        using var upstream = new EchoUpstream();
        GatewayFixture? engine = null;
        Process? process = null;
        string log = Path.Combine(temp, "error.log");
        try
        {
            engine = await StartAsync(
                "--http-tls", "--tls-cert", pki.PathOf("server.pem"), "--tls-key", pki.PathOf("server-key.pem"),
                "--tls-client-ca", pki.PathOf("ca.pem"), "--tls-allow-subject", Auth.TestCertificates.AllowedSubject);
            int port = RealGateways.FreePort();
            string config = Path.Combine(temp, "nginx.conf");
            File.WriteAllText(config, RealGateways.NginxConfig(port, engine.BaseAddress!, upstream.Port, temp, pki.Directory, presentCertificate: false));
            process = RealGateways.Start(nginx, $"-e {log} -p {temp}/ -c {config} -g \"daemon off; pid {temp}/nginx.pid; error_log {log};\"", temp);
            await RealGateways.WaitForPortAsync(port, process, () => File.Exists(log) ? File.ReadAllText(log) : "(no log)");
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            for (int attempt = 0; attempt < 2; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/pets/1");
                request.Headers.Add("X-Principal-Arn", Alice);
                using HttpResponseMessage response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            }

            Assert.Equal(0, upstream.Requests);

            // The 500 is the engine refusing nginx's connections for want of a certificate, not
            // another fault (a wrong port or name): the engine counted both refusals. (Under TLS
            // 1.3 nginx sees the refusal as the engine closing the connection: its log says
            // "upstream prematurely closed connection", the subrequest 502, the answer 500.)
            using var scraper = new HttpClient(pki.ClientHandler(pki.AllowedClient)) { BaseAddress = engine.BaseAddress };
            PrometheusText metrics = await MetricsEndpointTests.ScrapeAsync(scraper);
            Assert.True(metrics.Value("engine_connections_refused_total", ("listener", "http"), ("reason", "unauthorized")) >= 2, File.ReadAllText(log));
        }
        finally
        {
            if (process is not null)
            {
                RealGateways.Stop(process);
            }

            if (engine is not null)
            {
                await engine.DisposeAsync();
            }

            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public Task Caddy_forward_auth() => RunAsync("caddy", (caddy, port, engine, upstream, temp) =>
    {
        string config = Path.Combine(temp, "Caddyfile");
        File.WriteAllText(config, RealGateways.CaddyConfig(port, engine, upstream, temp));
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = temp,
            ["XDG_CONFIG_HOME"] = Path.Combine(temp, "config"),
            ["XDG_DATA_HOME"] = Path.Combine(temp, "data"),
        };
        return (RealGateways.Start(caddy, $"run --config {config} --adapter caddyfile", temp, environment), Path.Combine(temp, "none"));
    });

    private static async Task RunAsync(string binary, Func<string, int, Uri, int, string, (Process Process, string Log)> start, params string[] engineArguments)
    {
        string path = RealGateways.Require(binary);
        string temp = Path.Combine(Path.GetTempPath(), $"engine-{binary}-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(temp);
        using var upstream = new EchoUpstream();
        GatewayFixture engine = await StartAsync(engineArguments);
        int port = RealGateways.FreePort();
        (Process process, string log) = start(path, port, engine.BaseAddress!, upstream.Port, temp);
        try
        {
            await RealGateways.WaitForPortAsync(port, process, () => File.Exists(log) ? File.ReadAllText(log) : "(no log)");
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

            async Task<(HttpStatusCode Status, string Body)> Send(HttpMethod method, string? principal)
            {
                using var request = new HttpRequestMessage(method, "/pets/1?x=y");
                if (principal is not null)
                {
                    request.Headers.Add("X-Principal-Arn", principal);
                }

                using HttpResponseMessage response = await client.SendAsync(request);
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }

            (HttpStatusCode status, string body) = await Send(HttpMethod.Get, Alice);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("principal=" + Alice, body);
            Assert.Equal(1, upstream.Requests);

            Assert.Equal(HttpStatusCode.Forbidden, (await Send(HttpMethod.Delete, Alice)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await Send(HttpMethod.Get, Bob)).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await Send(HttpMethod.Get, null)).Status);
            Assert.Equal(1, upstream.Requests);

            Assert.Equal(0, await engine.StopAsync());
            HttpStatusCode closed = (await Send(HttpMethod.Get, Alice)).Status;
            Assert.True((int)closed >= 500, $"with the engine stopped {binary} answered {(int)closed}");
            Assert.Equal(1, upstream.Requests);
        }
        finally
        {
            RealGateways.Stop(process);
            await engine.DisposeAsync();
            try
            {
                Directory.Delete(temp, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
