using System.Net.Sockets;
using Engine.Host.Cli;
using Engine.Host.Server;

namespace Engine.Host.Tests.Gateway;

/// <summary>
/// A temporary bundle for the gateway tests and an <c>engine serve</c> run with HTTP on loopback:
/// alice may invoke <c>GET /pets/*</c> of the default API Gateway target and is denied every
/// <c>DELETE</c>; bob may only read S3 objects of <c>logs</c>.
/// </summary>
internal sealed class GatewayFixture : IAsyncDisposable
{
    public const string Alice = "arn:aws:iam::111122223333:user/alice";
    public const string Bob = "arn:aws:iam::111122223333:user/bob";

    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int> _run;

    private GatewayFixture(string directory, Task<int> run, StringWriter output, Uri? baseAddress, DecisionServer? server, string? binaryAddress, Uri? grpcAddress)
    {
        GrpcAddress = grpcAddress;
        Directory = directory;
        _run = run;
        Output = output;
        BaseAddress = baseAddress;
        Server = server;
        BinaryAddress = binaryAddress;
    }

    /// <summary>The binary server (it exists, listening or not, since it owns reload).</summary>
    public DecisionServer? Server { get; }

    /// <summary>The binary listener's address, when <c>--listen</c> was given.</summary>
    public string? BinaryAddress { get; }

    /// <summary>The serve run: completes with its exit code once stopped.</summary>
    public Task<int> Run => _run;

    /// <summary>Asks the server to stop (SIGTERM) without waiting for the drain.</summary>
    public void RequestStop() => _stop.Cancel();

    public string Directory { get; }

    public StringWriter Output { get; }

    /// <summary>The first gRPC listener's address as bound (<c>--grpc 127.0.0.1:0</c> shows the port chosen), or null.</summary>
    public Uri? GrpcAddress { get; }

    /// <summary>The HTTP base address (null for a Unix-socket listener).</summary>
    public Uri? BaseAddress { get; }

    public static string CreateBundle()
    {
        string directory = Path.Combine(Path.GetTempPath(), "engine-gateway-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "policies"));
        File.WriteAllText(Path.Combine(directory, "bundle.json"), $$"""
            {
              "format": 1,
              "users": {
                "{{Alice}}": { "policies": ["api"] },
                "{{Bob}}": { "policies": ["logs"] }
              }
            }
            """);
        File.WriteAllText(Path.Combine(directory, "policies", "api.json"), """
            {
              "Version": "2012-10-17",
              "Statement": [
                { "Sid": "ReadPets", "Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:111122223333:local/default/GET/pets/*" },
                { "Sid": "NoDeletes", "Effect": "Deny", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:us-east-1:111122223333:local/default/DELETE/*" },
                { "Sid": "TenantBlue", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::tenants/*", "Condition": { "StringEquals": { "aws:PrincipalTag/tenant": "blue" } } }
              ]
            }
            """);
        File.WriteAllText(Path.Combine(directory, "policies", "logs.json"), """
            { "Version": "2012-10-17", "Statement": [ { "Sid": "ReadLogs", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*" } ] }
            """);
        return directory;
    }

    /// <summary>Starts <c>engine serve --bundle DIR --http 127.0.0.1:0</c> plus <paramref name="extra"/>.</summary>
    public static Task<GatewayFixture> StartAsync(params string[] extra) => StartWithBundleAsync(CreateBundle(), extra);

    /// <summary>Starts <c>engine serve --bundle DIRECTORY --http 127.0.0.1:0</c> plus <paramref name="extra"/>; the directory is deleted on dispose.</summary>
    public static async Task<GatewayFixture> StartWithBundleAsync(string directory, params string[] extra)
    {
        string[] args = ["--bundle", directory, "--no-watch", .. (extra.Contains("--http") ? [] : new[] { "--http", "127.0.0.1:0" }), .. extra];
        ServeOptions serve = ServeCommand.ParseOptions(args.Select(a => a.Replace("{dir}", directory, StringComparison.Ordinal)).ToArray(), TextWriter.Null, loggerFactory: null)!;
        var output = new StringWriter();
        var stop = new CancellationTokenSource();
        DecisionServer? server = null;
        Task<int> run = ServeCommand.RunAsync(serve, TextWriter.Synchronized(output), s => server = s, stop.Token);
        Uri? address = null;
        string? binary = null;
        Uri? grpc = null;
        bool announced = false;
        for (int i = 0; i < 1000 && !announced; i++)
        {
            if (run.IsCompleted)
            {
                // Ended before listening (a test of a refused start reads Run): nothing to wait for.
                await run;
                break;
            }

            // The start-up lines, read as engine-loadgen --spawn reads them.
            var announcement = new Engine.LoadGen.Running.ServeAnnouncement();
            foreach (string line in output.ToString().Split(Environment.NewLine))
            {
                announcement.Read(line);
            }

            announced = announcement.GatewayAnnounced;
            if (announced)
            {
                address = TcpUrl(announcement.Http);
                grpc = TcpUrl(announcement.Grpc);
                binary = announcement.Binary;
            }
            else
            {
                await Task.Delay(10);
            }
        }

        if (!announced && !run.IsCompleted)
        {
            await stop.CancelAsync();
            throw new TimeoutException($"engine serve did not announce its listeners within 10 s:{Environment.NewLine}{output}");
        }

        var fixture = new GatewayFixture(directory, run, output, address, server, binary, grpc);
        fixture._stop.Token.Register(stop.Cancel);
        return fixture;
    }

    // The first listener's URL, or null when there is none or it is a Unix socket (http://unix:/path).
    private static Uri? TcpUrl(IReadOnlyList<string> urls) =>
        urls.Count == 0 || urls[0].Contains("://unix:", StringComparison.Ordinal) ? null : new Uri(urls[0]);

    public HttpClient Client() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>An HTTP client that reaches a Unix-socket listener.</summary>
    public static HttpClient UnixClient(string socketPath) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    {
        BaseAddress = new Uri("http://localhost"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }

        _stop.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
