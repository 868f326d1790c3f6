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
