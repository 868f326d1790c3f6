using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Engine.Host.Tests.Gateway;

/// <summary>
/// Starts real nginx and Caddy on loopback with their own configuration in a temporary folder
/// (never the system's), and a small upstream that echoes the principal header it received. The
/// configurations written here are the ones docs/gateways.md shows.
/// </summary>
internal static class RealGateways
{
    /// <summary>
    /// The nginx configuration (docs/gateways.md quotes it): auth_request to the engine, the
    /// principal passed upstream. With <paramref name="pki"/>, nginx reaches an engine on
    /// <c>--http-tls</c> with the client certificate and CA found in that folder.
    /// </summary>
    public static string NginxConfig(int port, Uri engine, int upstream, string temp, string? pki = null, bool presentCertificate = true) => $$"""
        worker_processes 1;
        events { worker_connections 256; }
        http {
            access_log off;
            client_body_temp_path {{temp}}/client_body;
            proxy_temp_path {{temp}}/proxy;
            fastcgi_temp_path {{temp}}/fastcgi;
            uwsgi_temp_path {{temp}}/uwsgi;
            scgi_temp_path {{temp}}/scgi;

            server {
                listen 127.0.0.1:{{port}};

                location / {
                    auth_request /_engine;
                    auth_request_set $engine_principal $upstream_http_x_engine_principal;
                    proxy_set_header X-Principal-Arn $engine_principal;
                    proxy_pass http://127.0.0.1:{{upstream}};
                }

                location = /_engine {
                    internal;
                    proxy_pass {{engine.Scheme}}://{{engine.Authority}}/v1/forward-auth;{{(pki is null ? "" : presentCertificate ? $"""

                    proxy_ssl_certificate {pki}/client.pem;
                    proxy_ssl_certificate_key {pki}/client-key.pem;
                    proxy_ssl_trusted_certificate {pki}/ca.pem;
                    proxy_ssl_verify on;
                    proxy_ssl_name localhost;
        """ : $"""

                    proxy_ssl_trusted_certificate {pki}/ca.pem;
                    proxy_ssl_verify on;
                    proxy_ssl_name localhost;
        """)}}
                    proxy_pass_request_body off;
                    proxy_set_header Content-Length "";
                    proxy_set_header X-Original-Method $request_method;
                    proxy_set_header X-Original-URI $request_uri;
                    proxy_set_header X-Forwarded-For $remote_addr;
                }
            }
        }
        """;

    /// <summary>The Caddyfile (docs/gateways.md quotes it): forward_auth to the engine, its principal header copied upstream.</summary>
    public static string CaddyConfig(int port, Uri engine, int upstream, string temp) => $$"""
        {
            admin off
            auto_https off
            storage file_system {{temp}}/caddy-data
        }

        http://127.0.0.1:{{port}} {
            forward_auth {{engine.Authority}} {
                uri /v1/forward-auth
                copy_headers X-Engine-Principal>X-Principal-Arn
            }
            reverse_proxy 127.0.0.1:{{upstream}}
        }
        """;

    /// <summary>Finds a binary on PATH; a missing one fails the test (`.ci/run` installs both).</summary>
    public static string Require(string name)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/bin"]))
        {
            string candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"`{name}` is not on PATH; install it (`apt-get install -y nginx caddy`, as .ci/run does)");
        return name;
    }

    /// <summary>
    /// A free loopback port for a gateway that must be told its port in its configuration. Drawn
    /// below Linux's ephemeral range (32768–60999), from which every port-0 listener of the tests
    /// is served: a port taken from that range and released for nginx could be bound by another
    /// test's server first, which then answered the readiness probe and the requests in nginx's
    /// place (the race engine-loadgen --spawn had, issue #15's twelfth session).
    /// </summary>
    public static int FreePort()
    {
        // Bounded: 1,000 tries, each a fresh random port of 12,000.
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            int port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException("no free loopback port between 20000 and 32000");
    }

    public static async Task WaitForPortAsync(int port, Process process, Func<string> log)
    {
        for (int i = 0; i < 500; i++)
        {
            if (process.HasExited)
            {
                Assert.Fail($"the gateway exited with code {process.ExitCode}: {log()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        Assert.Fail($"the gateway did not listen on {port}: {log()}");
    }

    public static Process Start(string file, string arguments, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        Process process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }
}

/// <summary>A loopback upstream that answers <c>principal=VALUE</c> with the principal header it received, and counts requests.</summary>
internal sealed class EchoUpstream : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _requests;

    public EchoUpstream()
    {
        Port = RealGateways.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _ = _loop.Exception;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            byte[] body = Encoding.UTF8.GetBytes("principal=" + (context.Request.Headers["X-Principal-Arn"] ?? ""));
            context.Response.StatusCode = 200;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
