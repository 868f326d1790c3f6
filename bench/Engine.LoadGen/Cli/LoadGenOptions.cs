using System.Globalization;
using Engine.LoadGen.Running;
using Engine.Protocol;

namespace Engine.LoadGen.Cli;

/// <summary>Everything a run needs to know, parsed and checked once (<see cref="Parse"/>).</summary>
internal sealed record LoadGenOptions
{
    /// <summary>Where to connect; null with <see cref="Spawn"/>.</summary>
    public ServerAddress? Connect { get; init; }

    /// <summary>Start <c>engine serve</c> on a free loopback port and stop it at the end.</summary>
    public bool Spawn { get; init; }

    /// <summary>
    /// The <c>--bundle</c> paths (a bundle directory, or AWS account files): passed to a spawned server, and, without <c>--cases</c>, the bundle the
    /// requests are derived from (with <c>--connect</c>, the one the server serves).
    /// </summary>
    public IReadOnlyList<string> Bundle { get; init; } = [];

    /// <summary>The engine binary (<c>engine</c> apphost or <c>engine.dll</c>) to spawn; null: next to ours.</summary>
    public string? EnginePath { get; init; }

    /// <summary>Decision-case files or directories; empty: derived from <see cref="Bundle"/>, else the MFA vectors.</summary>
    public IReadOnlyList<string> Cases { get; init; } = [];

    /// <summary>Connections opened to the server.</summary>
    public int Connections { get; init; } = 1;

    /// <summary>Closed loop: requests in flight per connection. Open loop: the most in flight per connection.</summary>
    public int Pipeline { get; init; } = 1;

    /// <summary>Open loop when set: requests per second across all connections.</summary>
    public double? Rate { get; init; }

    /// <summary>Length of the measured window.</summary>
    public double Seconds { get; init; } = 10;

    /// <summary>Load before the measured window, not recorded.</summary>
    public double Warmup { get; init; } = 2;

    /// <summary>Print the summary as one JSON object.</summary>
    public bool Json { get; init; }

    /// <summary>No progress lines on stderr.</summary>
    public bool Quiet { get; init; }

    /// <summary>Where to write the <c>.hgrm</c> distribution (and <c>FILE.svg</c> beside it), or null.</summary>
    public string? HistogramPath { get; init; }

    /// <summary>How the open loop's pacer waits between requests (<c>--pacer</c>; spin by default).</summary>
    public PacerMode Pacer { get; init; } = PacerMode.Spin;

    /// <summary>Where this process's socket completions run (<c>--io</c>; inline by default, as for the server).</summary>
    public SocketCompletionMode Io { get; init; } = SocketCompletionMode.Inline;

    /// <summary>The transport the requests go over (<c>--protocol</c>).</summary>
    public LoadProtocol Protocol { get; init; } = LoadProtocol.Binary;

    /// <summary>HTTP: send the original requests to a gateway in front of the engine rather than forward-auth questions to the engine.</summary>
    public bool Proxied { get; init; }

    /// <summary>Keep only the cases that expect Allow (to compare a gateway with and without the engine on the same requests).</summary>
    public bool OnlyAllowed { get; init; }

    /// <summary>Print the gateway mapping file for the cases and exit (<c>--print-gateway</c>).</summary>
    public bool PrintGateway { get; init; }

    /// <summary>A binary listener of the server under test, read for its allocation counter on a gateway run; null: none (or the spawned one).</summary>
    public ServerAddress? Stats { get; init; }

    /// <summary>TLS and the auth token of a binary run (<c>--tls</c>, <c>--auth-token-file</c>); null for plain TCP.</summary>
    public LoadSecurity? Security { get; init; }
    /// <summary>The server's <c>GET /metrics</c> (<c>--metrics-url</c>), scraped before and after the window for its own request durations; null: none (with <c>--spawn</c> the spawned server's is used).</summary>
    public Uri? MetricsUrl { get; init; }

    /// <summary>Whether <c>--help</c> was asked for (nothing else is checked then).</summary>
    public bool Help { get; init; }

    /// <summary>Whether the run is open loop (<c>--rate</c>).</summary>
    public bool IsOpenLoop => Rate is not null;

    private static readonly HashSet<string> s_switches = new(StringComparer.Ordinal) { "--spawn", "--json", "--quiet", "--help", "-h", "--proxied", "--only-allowed", "--print-gateway", "--tls" };

    private static readonly HashSet<string> s_valued = new(StringComparer.Ordinal)
    {
        "--connect", "--bundle", "--engine", "--cases", "--connections", "--pipeline", "--rate", "--seconds", "--warmup", "--histogram", "--io", "--protocol", "--stats", "--metrics-url", "--pacer",
        "--tls-ca", "--tls-cert", "--tls-key", "--tls-server-name", "--auth-token-file",
    };

    /// <summary>Parses the command line; throws <see cref="UsageException"/> with a message for the user.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <returns>The options.</returns>
    public static LoadGenOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var switches = new HashSet<string>(StringComparer.Ordinal);
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string? value = null;
            int equals = name.IndexOf('=', StringComparison.Ordinal);
            if (name.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }

            if (s_switches.Contains(name))
            {
                if (value is not null)
                {
                    throw new UsageException($"option `{name}` takes no value");
                }

                switches.Add(name);
                continue;
            }

            if (!s_valued.Contains(name))
            {
                throw new UsageException(name.StartsWith('-') ? $"unknown option `{name}`" : $"unexpected argument `{name}`");
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"option `{name}` needs a value");
                }

                value = args[++i];
            }

            if (!values.TryGetValue(name, out List<string>? list))
            {
                values[name] = list = [];
            }

            list.Add(value);
        }

        if (switches.Contains("--help") || switches.Contains("-h"))
        {
            return new LoadGenOptions { Help = true };
        }

        string? connect = One(values, "--connect");
        bool spawn = switches.Contains("--spawn");
        LoadProtocol protocol = One(values, "--protocol") switch
        {
            null or "binary" => LoadProtocol.Binary,
            "ext-authz" => LoadProtocol.ExtAuthz,
            "http" => LoadProtocol.Http,
            { } other => throw new UsageException($"option `--protocol` takes `binary`, `ext-authz` or `http`, not `{other}`"),
        };
        bool printGateway = switches.Contains("--print-gateway");
        if (printGateway && protocol == LoadProtocol.Binary)
        {
            throw new UsageException("`--print-gateway` prints the mapping file of `--protocol ext-authz` or `--protocol http`");
        }

        if (connect is not null && spawn)
        {
            throw new UsageException("give either `--connect ADDR` or `--spawn`, not both");
        }

        if (connect is null && !spawn && !printGateway)
        {
            throw new UsageException("say where the server is: `--connect 127.0.0.1:7070`, `--connect unix:/path` or `--spawn`");
        }

        List<string> bundle = values.TryGetValue("--bundle", out List<string>? bundles) ? bundles : [];
        string? engine = One(values, "--engine");
        if (!spawn && engine is not null)
        {
            throw new UsageException("`--engine` only applies with `--spawn`");
        }

        if (!spawn && bundle.Count > 0 && values.ContainsKey("--cases"))
        {
            throw new UsageException("with `--connect`, `--bundle` only derives requests: give `--cases` or `--bundle`, not both");
        }

        ServerAddress? address = null;
        if (connect is not null)
        {
            address = ServerAddress.TryParse(connect, out ServerAddress? parsed, out string? error)
                ? parsed
                : throw new UsageException(error!);
        }

        PacerMode pacer = One(values, "--pacer") switch
        {
            null or "spin" => PacerMode.Spin,
            "sleep" when Running.PreciseSleep.IsAvailable => PacerMode.Sleep,
            "sleep" => throw new UsageException("`--pacer sleep` needs Linux's clock_nanosleep on the clock Stopwatch reads"),
            { } other => throw new UsageException($"option `--pacer` takes `spin` or `sleep`, not `{other}`"),
        };

        SocketCompletionMode io = SocketCompletionMode.Inline;
        if (One(values, "--io") is { } ioText && !SocketCompletions.TryParse(ioText, out io))
        {
            throw new UsageException($"option `--io` takes `inline` or `pool`, not `{ioText}`");
        }

        string? rateText = One(values, "--rate");
        bool proxied = switches.Contains("--proxied");
        if (proxied && (protocol != LoadProtocol.Http || spawn))
        {
            throw new UsageException("`--proxied` sends the original requests to a gateway in front of the engine: it needs `--protocol http` and `--connect` (the gateway's address)");
        }

        if (protocol == LoadProtocol.Http && rateText is null && values.ContainsKey("--pipeline") && One(values, "--pipeline") != "1")
        {
            throw new UsageException("HTTP/1.1 carries one request at a time on a connection: with `--protocol http` the closed loop takes `--connections N`, not `--pipeline`");
        }

        ServerAddress? stats = null;
        if (One(values, "--stats") is { } statsText)
        {
            if (protocol == LoadProtocol.Binary || spawn)
            {
                throw new UsageException("`--stats ADDR` names the binary listener of a server driven with `--connect` over `--protocol ext-authz` or `http` (a binary run and `--spawn` read it themselves)");
            }

            stats = ServerAddress.TryParse(statsText, out ServerAddress? parsed, out string? error) ? parsed : throw new UsageException(error!);
        }

        LoadSecurity? security = LoadSecurity.Create(
            switches.Contains("--tls"), One(values, "--tls-ca"), One(values, "--tls-cert"), One(values, "--tls-key"), One(values, "--tls-server-name"), One(values, "--auth-token-file"));
        if (security is not null && (protocol != LoadProtocol.Binary || spawn))
        {
            throw new UsageException("--tls and --auth-token-file are for a binary run with --connect: start `engine serve` with the matching --tls-cert/--auth-token-file yourself");
        }

        Uri? metricsUrl = null;
        if (One(values, "--metrics-url") is { } metricsText)
        {
            if (protocol != LoadProtocol.Binary || spawn)
            {
                throw new UsageException("`--metrics-url URL` reads the binary transport's request durations of a server driven with `--connect` (`--spawn` reads its own server's)");
            }

            metricsUrl = ParseMetricsUrl(metricsText);
        }

        return new LoadGenOptions
        {
            Security = security,
            MetricsUrl = metricsUrl,
            Protocol = protocol,
            Proxied = proxied,
            OnlyAllowed = switches.Contains("--only-allowed"),
            PrintGateway = printGateway,
            Stats = stats,
            Io = io,
            Pacer = pacer,
            Connect = address,
            Spawn = spawn,
            Bundle = bundle,
            EnginePath = engine,
            Cases = values.TryGetValue("--cases", out List<string>? cases) ? cases : [],
            Connections = Int(values, "--connections", 1, 1, 1024),
            Pipeline = Int(values, "--pipeline", rateText is null ? 1 : 256, 1, 65536),
            Rate = rateText is null ? null : Number(values, "--rate", 0, 0.1, 100_000_000),
            Seconds = Number(values, "--seconds", 10, 0.1, 86_400),
            Warmup = Number(values, "--warmup", 2, 0, 3_600),
            Json = switches.Contains("--json"),
            Quiet = switches.Contains("--quiet"),
            HistogramPath = One(values, "--histogram"),
        };
    }

    // http://LOOPBACK:PORT/path, as --connect: the generator drives a server on this machine only.
    private static Uri ParseMetricsUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttp)
        {
            throw new UsageException($"option `--metrics-url` takes an http:// URL such as http://127.0.0.1:7071/metrics, not `{text}`");
        }

        if (!url.IsLoopback)
        {
            throw new UsageException($"option `--metrics-url` takes a loopback address (127.0.0.1, [::1], localhost), not `{url.Host}`");
        }

        return url;
    }

    private static string? One(Dictionary<string, List<string>> values, string name) =>
        !values.TryGetValue(name, out List<string>? list) ? null
        : list.Count == 1 ? list[0]
        : throw new UsageException($"option `{name}` is given {list.Count} times; give it once");

    private static int Int(Dictionary<string, List<string>> values, string name, int fallback, int min, int max)
    {
        string? text = One(values, name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new UsageException($"option `{name}` takes a whole number from {min} to {max}, not `{text}`");
    }

    private static double Number(Dictionary<string, List<string>> values, string name, double fallback, double min, double max)
    {
        string? text = One(values, name);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) && value >= min && value <= max
            ? value
            : throw new UsageException($"option `{name}` takes a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not `{text}`");
    }
}
