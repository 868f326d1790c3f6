using System.Net;
using System.Net.Sockets;
using Engine.Compiler.Cases;
using Engine.LoadGen;
using Engine.LoadGen.Cli;
using Engine.LoadGen.Reporting;
using Engine.LoadGen.Running;
using Engine.LoadGen.Workload;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Host.Tests.LoadGen;

public class LoadRunnerTests
{
    private static readonly string s_mfaVectors = Path.Combine(TestData.VectorsDirectory, "mfa-self-service.json");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Answers_that_differ_from_expect_are_mismatches(bool openLoop)
    {
        await using var server = new FakeDecisionServer();
        CaseWorkload workload = CaseWorkload.Load([s_mfaVectors]);
        string[] args = openLoop
            ? ["--connect", $"127.0.0.1:{server.Port}", "--rate", "2000", "--connections", "2", "--seconds", "0.5", "--warmup", "0"]
            : ["--connect", $"127.0.0.1:{server.Port}", "--connections", "2", "--pipeline", "8", "--seconds", "2", "--warmup", "0"];
        LoadGenOptions options = LoadGenOptions.Parse(args);

        // The closed loop gets 2 s: with no warm-up its first answers wait for the JIT, and on a
        // busy 2-core machine 0.5 s once ended before any (CI under a concurrent 1,000,000-case run).
        LoadSummary summary = await LoadRunner.RunAsync(options.Connect!, workload, options, progress: null, metricsUrl: null, CancellationToken.None);

        // The fake server says Allow to everything: every case expecting a deny is a mismatch.
        Assert.True(summary.Requests > 0);
        Assert.Equal(0, summary.Errors);
        Assert.True(summary.Mismatches > 0);
        Assert.True(summary.Failed);
        string[] denyCases = [.. workload.Requests.Where(r => r.Expect != Decision.Allow).Select(r => r.Name)];
        Assert.All(summary.MismatchDetails, m => Assert.Contains(m.Case, denyCases));
        Assert.All(summary.MismatchDetails, m => Assert.Equal(Decision.Allow, m.Actual));
        Assert.DoesNotContain(summary.MismatchDetails, m => m.Expected == Decision.Allow);
        Assert.Equal(8.0, summary.ServerBytesPerRequest);
        if (openLoop)
        {
            Assert.InRange(summary.Requests, 990, 1_000);
        }
    }

    [Fact]
    public async Task Only_allow_cases_pass_against_an_allow_everything_server()
    {
        await using var server = new FakeDecisionServer();
        DecisionCase[] allows = [.. CaseFileSet.Load([s_mfaVectors]).Cases.Where(c => c.Expect == Decision.Allow)];
        LoadGenOptions options = LoadGenOptions.Parse(["--connect", $"127.0.0.1:{server.Port}", "--pipeline", "4", "--seconds", "0.3", "--warmup", "0.1"]);

        LoadSummary summary = await LoadRunner.RunAsync(options.Connect!, CaseWorkload.FromCases(allows), options, progress: null, metricsUrl: null, CancellationToken.None);

        Assert.False(summary.Failed);
        Assert.True(summary.Requests > 0);
        Assert.Equal(summary.Requests, summary.Latency.TotalCount);
    }

    [Fact]
    public async Task The_command_exits_1_with_json_on_mismatches()
    {
        await using var server = new FakeDecisionServer();
        var output = new StringWriter();
        var messages = new StringWriter();

        int exit = await LoadGenCommand.RunAsync(["--connect", $"127.0.0.1:{server.Port}", "--cases", s_mfaVectors, "--seconds", "0.3", "--warmup", "0", "--json", "--quiet"], output, messages, CancellationToken.None);

        Assert.Equal(1, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        string[] keys = [.. json.RootElement.EnumerateObject().Select(p => p.Name)];
        Assert.Equal(["requests", "seconds", "throughput", "p50Us", "p90Us", "p99Us", "p999Us", "maxUs", "errors", "mismatches", "serverBytesPerRequest", "sendLagP50Us", "sendLagP99Us", "sendLagMaxUs", "serverRequests", "serverP50Us", "serverP99Us"], keys);
        Assert.True(json.RootElement.GetProperty("mismatches").GetInt64() > 0);
    }

    [Fact]
    public async Task Ctrl_C_prints_the_summary_of_what_ran_and_exits_130()
    {
        await using var server = new FakeDecisionServer();
        var output = new StringWriter();
        var messages = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        int exit = await LoadGenCommand.RunAsync(["--connect", $"127.0.0.1:{server.Port}", "--cases", s_mfaVectors, "--seconds", "60", "--warmup", "0", "--json", "--quiet"], output, messages, stop.Token);

        Assert.Equal(LoadGenCommand.Interrupted, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.True(json.RootElement.GetProperty("requests").GetInt64() > 0);
        Assert.InRange(json.RootElement.GetProperty("seconds").GetDouble(), 0.1, 59);
        Assert.Contains("interrupted after", messages.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spawned_server_answers_every_request_derived_from_its_bundle_as_the_reference_does()
    {
        // End to end: the real engine process (compiled engine) against expectations computed by
        // the reference interpreter from the same bundle; the server is stopped with SIGTERM.
        var output = new StringWriter();
        var messages = new StringWriter();

        int exit = await LoadGenCommand.RunAsync(["--spawn", "--bundle", Engine.Host.Reload.BundleReload.DefaultDirectory, "--pipeline", "8", "--seconds", "0.5", "--warmup", "0", "--json", "--quiet"], output, messages, CancellationToken.None);

        Assert.True(exit == 0, messages.ToString() + output);
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.True(json.RootElement.GetProperty("requests").GetInt64() > 0);
        Assert.Equal(0, json.RootElement.GetProperty("errors").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("mismatches").GetInt64());
    }

    [Fact]
    public async Task A_refused_connection_says_so()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var messages = new StringWriter();
        int exit = await LoadGenCommand.RunAsync(["--connect", $"127.0.0.1:{port}", "--cases", s_mfaVectors, "--seconds", "0.2"], new StringWriter(), messages, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains($"connection refused at `127.0.0.1:{port}`", messages.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_server_is_reported_as_not_answering()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(); // accepts connections in the backlog, never answers
        var address = LoadGenOptions.Parse(["--connect", $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"]).Connect!;

        using var cancel = new CancellationTokenSource();
        Task<ControlChannel> open = ControlChannel.OpenAsync(address, cancel.Token);
        await Task.Delay(200);
        Assert.False(open.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => open);
    }

    [Fact]
    public async Task A_bad_address_is_a_usage_error()
    {
        var messages = new StringWriter();
        int exit = await LoadGenCommand.RunAsync(["--connect", "192.168.1.1:7070"], new StringWriter(), messages, CancellationToken.None);
        Assert.Equal(2, exit);
        Assert.Contains("not a loopback address", messages.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Request_ids_are_patched_into_a_copy_of_the_pre_encoded_frame()
    {
        CaseWorkload workload = CaseWorkload.Load([s_mfaVectors]);
        RequestTemplate request = workload.Requests[0];
        byte[] original = (byte[])request.Frame.Clone();
        byte[] destination = new byte[request.Frame.Length];

        request.CopyTo(destination, 0x0102030405060708);

        Assert.Equal(original, request.Frame);
        Assert.Equal(0x0102030405060708UL, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(destination.AsSpan(RequestTemplate.IdOffset)));
        Assert.Equal(original.AsSpan(16).ToArray(), destination.AsSpan(16).ToArray());
    }
}
