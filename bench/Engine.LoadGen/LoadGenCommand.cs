using Engine.Bundles;
using Engine.Bundles.Accounts;
using Engine.Compiler.Cases;
using Engine.LoadGen.Cli;
using Engine.LoadGen.Reporting;
using Engine.LoadGen.Running;
using Engine.LoadGen.Workload;
using Engine.Protocol;
using Engine.Runtime.Evaluation;

namespace Engine.LoadGen;

/// <summary>The load generator's command line: parse, start or find the server, run, report.</summary>
internal static class LoadGenCommand
{
    /// <summary>The most requests derived from a bundle.</summary>
    public const int MaxDerivedRequests = 10_000;

    /// <summary>Exit code when the run was interrupted by Ctrl+C.</summary>
    public const int Interrupted = 130;

    public const string Usage = """
        engine-loadgen — load generator for the engine's decision server (binary protocol, ext_authz, HTTP forward-auth)

        usage: dotnet run -c Release --project bench/Engine.LoadGen -- (--connect ADDR | --spawn) [--protocol P] [--bundle PATH] [options]

        Sends decision cases as Query frames and checks every answer against the case's `expect`
        (a mismatch or an error makes the exit code 1). The server answers from ITS OWN bundle:
        a case's `policies` are ignored, so use cases written for the server's policies. The
        default cases are the MFA self-service vectors (principal alice), which match the default
        `engine serve`.

        server:
          --connect ADDR     127.0.0.1:PORT, [::1]:PORT, localhost:PORT or unix:/path (loopback only)
          --spawn            start `engine serve` on a free loopback port, stop it at the end
          --bundle PATH      with --spawn: the policy bundle the server loads (a directory, or
                             AWS account files: repeat for several pages). Without --cases,
                             requests are derived from it (with --connect: from the bundle
                             the server serves): per principal, the actions its policies name
                             and one they don't, each expecting the reference engine's answer
          --engine PATH      with --spawn: the engine binary or engine.dll (default: next to this program)

        protocol:
          --protocol P       binary (default): Query frames to `engine serve --listen`;
                             ext-authz: Envoy's Authorization/Check over gRPC h2c to `--grpc`;
                             http: GET /v1/forward-auth (X-Forwarded-Method/-Uri) to `--http`.
                             The same cases on every protocol: the server needs the mapping
                             file `--print-gateway` writes (`engine serve --gateway FILE`;
                             --spawn passes it). Allowed = 200 / status 0, denied = 403 /
                             PERMISSION_DENIED, and the X-Engine-Decision header must match.
          --proxied          http: send the original requests (GET /loadgen/...) to a gateway
                             in front of the engine (nginx auth_request) at --connect
          --print-gateway    print the mapping file for the cases and exit
          --stats ADDR       ext-authz/http with --connect: the server's binary listener, read
                             for its allocated bytes per request (--spawn adds one itself)
          --only-allowed     send only the cases that expect Allow
          --tls              binary with --connect: TLS to a server started with --tls-cert
                             (to measure what TLS costs per request; handshakes are not timed)
          --tls-ca FILE.pem  trust this CA for the server's certificate (implies --tls)
          --tls-cert FILE.pem, --tls-key FILE.pem
                             the client certificate, for a server with --tls-client-ca
          --tls-server-name NAME
                             the name on the server's certificate (default localhost)
          --auth-token-file FILE
                             send this token in a Hello frame first (`engine serve --auth-token-file`)
          --metrics-url URL  binary with --connect: the server's GET /metrics (e.g.
                             http://127.0.0.1:7071/metrics), scraped at both ends of the window
                             to print the server's own request duration (p50/p99 estimated
                             from engine_request_duration_seconds{transport="binary"}) beside
                             the client's latency; --spawn adds an --http listener and reads it

        load:
          --cases PATH       decision-case file or directory, repeatable; a suite's cases are
                             sent one by one (default: derived from --bundle if given, else
                             bench/cases/seed-mfa.json)
          --connections N    connections (default 1; http: HTTP/1.1 keep-alive connections,
                             ext-authz: HTTP/2 connections)
          --pipeline D       closed loop: requests in flight per connection (default 1; gRPC
                             streams for ext-authz; http takes only 1);
                             open loop: the most in flight per connection (default 256)
          --rate R           open loop: R requests/s across all connections on a fixed schedule;
                             latency is measured from each request's intended send time
                             (coordinated omission corrected), and the generator's own send
                             lag (how late each request went out) is printed beside it.
                             Without --rate: closed loop.
          --seconds S        measured window (default 10)
          --warmup S         load before the window, not recorded (default 2)

        output:
          --json             the summary as one JSON object on stdout:
                             {"requests","seconds","throughput","p50Us","p90Us","p99Us","p999Us","maxUs","errors","mismatches",
                              "serverBytesPerRequest","sendLagP50Us","sendLagP99Us","sendLagMaxUs","serverRequests","serverP50Us","serverP99Us"}
                             (send lag: open loop only; server*: with --metrics-url or a binary --spawn; else null)
          --histogram FILE   write the latency distribution as FILE (HdrHistogram .hgrm, values in
                             milliseconds) and a latency-by-percentile plot as FILE.svg
          --quiet            no progress line on stderr

        client:
          --io inline|pool   where this program's socket completions run (default inline, like
                             `engine serve`): inline spends less of the shared CPU per request,
                             so more of it is left to the server under test
          --pacer spin|sleep open loop: how the sending thread waits for each request's time.
                             spin (default): sleeps while the next is over 1.5 ms away, spins
                             with Thread.Yield closer; sleep (Linux): clock_nanosleep until each
                             one is due, no CPU between requests but a wake-up for each

        examples:
          dotnet run -c Release --project bench/Engine.LoadGen -- --spawn --connections 4 --pipeline 16
          dotnet run -c Release --project bench/Engine.LoadGen -- --spawn --bundle account-page-1.json --bundle account-page-2.json --pipeline 64
          dotnet run -c Release --project bench/Engine.LoadGen -- --connect 127.0.0.1:7070 --rate 20000 --connections 4 --seconds 30 --histogram run.hgrm
          dotnet run -c Release --project bench/Engine.LoadGen -- --connect unix:/tmp/engine.sock --cases my-cases/ --json
          dotnet run -c Release --project bench/Engine.LoadGen -- --spawn --protocol ext-authz --connections 2 --pipeline 32
          dotnet run -c Release --project bench/Engine.LoadGen -- --spawn --protocol http --connections 8 --rate 5000
          engine-loadgen --protocol http --print-gateway > gw.json && engine serve --http 127.0.0.1:7071 --gateway gw.json &
          engine-loadgen --connect 127.0.0.1:7071 --protocol http --connections 4 --seconds 30

        Ctrl+C ends the run early and prints the summary of the part of the window that ran.

        exit codes: 0 all answers as expected, 1 errors or mismatches (or no server), 2 bad usage, 130 interrupted
        """;

    /// <summary>Runs the command.</summary>
    /// <param name="args">Arguments without the program name.</param>
    /// <param name="output">Summary output.</param>
    /// <param name="messages">Progress lines and errors.</param>
    /// <param name="stop">Ctrl+C.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter messages, CancellationToken stop)
    {
        LoadGenOptions options;
        try
        {
            options = LoadGenOptions.Parse(args);
        }
        catch (UsageException e)
        {
            await messages.WriteLineAsync($"engine-loadgen: {e.Message}").ConfigureAwait(false);
            await messages.WriteLineAsync("run with --help for usage").ConfigureAwait(false);
            return 2;
        }

        if (options.Help)
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        // Before the first socket: .NET reads the mode once per process.
        SocketCompletions.Use(options.Io);
        string? gatewayFile = null;
        try
        {
            IReadOnlyList<DecisionCase> cases = LoadCases(options);
            CaseWorkload? binary = options.Protocol == LoadProtocol.Binary ? CaseWorkload.FromCases(cases) : null;
            GatewayWorkload? gateway = options.Protocol == LoadProtocol.Binary ? null : GatewayWorkload.FromCases(cases);
            if (options.PrintGateway)
            {
                await output.WriteAsync(gateway!.MappingJson()).ConfigureAwait(false);
                return 0;
            }

            if (!options.Quiet)
            {
                await messages.WriteLineAsync(Describe(cases, options.Protocol)).ConfigureAwait(false);
            }

            if (options.Spawn && gateway is not null)
            {
                gatewayFile = Path.Combine(Path.GetTempPath(), $"engine-loadgen-gateway-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
                await File.WriteAllTextAsync(gatewayFile, gateway.MappingJson(), stop).ConfigureAwait(false);
            }

            ServerProcess? server = options.Spawn ? await ServerProcess.StartAsync(options.EnginePath, options.Bundle, options.Protocol, gatewayFile, stop).ConfigureAwait(false) : null;
            try
            {
                LoadSummary summary = gateway is null
                    ? await LoadRunner.RunAsync(server?.Address ?? options.Connect!, binary!, options, options.Quiet ? null : messages, server?.MetricsUrl ?? options.MetricsUrl, stop).ConfigureAwait(false)
                    : await GatewayRunner.RunAsync(server?.GatewayAddress ?? options.Connect!, server?.Address ?? options.Stats, gateway, options, options.Quiet ? null : messages, stop).ConfigureAwait(false);
                bool interrupted = stop.IsCancellationRequested;
                if (interrupted && summary.Requests == 0)
                {
                    await messages.WriteLineAsync("engine-loadgen: interrupted before any measured answer").ConfigureAwait(false);
                    return Interrupted;
                }

                if (options.HistogramPath is string path)
                {
                    HistogramExport.Write(summary, path);
                }

                if (options.Json)
                {
                    await output.WriteLineAsync(SummaryWriter.ToJson(summary)).ConfigureAwait(false);
                }
                else
                {
                    SummaryWriter.WriteText(summary, output);
                }

                if (interrupted)
                {
                    // The summary above covers the part of the window that ran.
                    await messages.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"engine-loadgen: interrupted after {summary.Seconds:0.##} s of the measured window")).ConfigureAwait(false);
                    return Interrupted;
                }

                if (summary.Requests == 0)
                {
                    await messages.WriteLineAsync("engine-loadgen: no request was answered in the measured window").ConfigureAwait(false);
                }

                return summary.Failed ? 1 : 0;
            }
            finally
            {
                server?.Dispose();
            }
        }
        catch (LoadGenException e)
        {
            await messages.WriteLineAsync($"engine-loadgen: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await messages.WriteLineAsync("engine-loadgen: interrupted").ConfigureAwait(false);
            return Interrupted;
        }
        finally
        {
            if (gatewayFile is not null)
            {
                File.Delete(gatewayFile);
            }
        }
    }

    // --cases when given; else requests derived from --bundle; else the default MFA cases. Then --only-allowed.
    private static IReadOnlyList<DecisionCase> LoadCases(LoadGenOptions options)
    {
        IReadOnlyList<DecisionCase> cases;
        if (options.Cases.Count > 0 || options.Bundle.Count == 0)
        {
            cases = CaseWorkload.ReadCases(options.Cases);
        }
        else
        {
            BundleLoadResult loaded = BundleSources.Load(options.Bundle);
            string named = string.Join(", ", options.Bundle);
            if (!loaded.Success)
            {
                throw new LoadGenException($"bundle `{named}` does not load:{Environment.NewLine}{string.Join(Environment.NewLine, loaded.Errors)}");
            }

            cases = BundleWorkload.Derive(loaded.Bundle!, ActionCatalog.Bundled, MaxDerivedRequests);
            if (cases.Count == 0)
            {
                throw new LoadGenException($"bundle `{named}` has no principal with an identity policy to derive requests from");
            }
        }

        if (options.OnlyAllowed)
        {
            cases = [.. cases.Where(c => c.Expect == Decision.Allow)];
            if (cases.Count == 0)
            {
                throw new LoadGenException("`--only-allowed`: no case expects Allow");
            }
        }

        return cases;
    }

    // "engine-loadgen: 44 requests (20 Allow, 14 ExplicitDeny, 10 ImplicitDeny expected) over ext-authz".
    private static string Describe(IReadOnlyList<DecisionCase> cases, LoadProtocol protocol)
    {
        int Count(Decision d) => cases.Count(c => c.Expect == d);
        string over = protocol switch
        {
            LoadProtocol.ExtAuthz => "ext-authz",
            LoadProtocol.Http => "http",
            _ => "binary",
        };
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"engine-loadgen: {cases.Count:N0} requests ({Count(Decision.Allow):N0} Allow, {Count(Decision.ExplicitDeny):N0} ExplicitDeny, {Count(Decision.ImplicitDeny):N0} ImplicitDeny expected) over {over}");
    }
}
