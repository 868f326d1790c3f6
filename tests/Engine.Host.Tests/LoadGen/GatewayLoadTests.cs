using System.Text.Json;
using Engine.LoadGen;

namespace Engine.Host.Tests.LoadGen;

/// <summary>
/// Short runs of the load generator against a real <c>engine serve</c> it spawns (a process, on
/// loopback), one per transport: every answer must be what the MFA cases expect. Timing is not
/// asserted: the machine may be busy.
/// </summary>
public class GatewayLoadTests
{
    [Theory]
    [InlineData("binary", false)]
    [InlineData("ext-authz", false)]
    [InlineData("ext-authz", true)]
    [InlineData("http", false)]
    [InlineData("http", true)]
    public async Task A_short_run_against_a_spawned_server_answers_every_request_rightly(string protocol, bool openLoop)
    {
        string[] load = openLoop ? ["--rate", "300"] : ["--pipeline", protocol == "http" ? "1" : "4"];
        (int exit, JsonElement summary, string messages) = await RunAsync(["--spawn", "--protocol", protocol, "--connections", "2", .. load]);

        Assert.True(exit == 0, messages);
        Assert.True(summary.GetProperty("requests").GetInt64() > 0);
        Assert.Equal(0, summary.GetProperty("errors").GetInt64());
        Assert.Equal(0, summary.GetProperty("mismatches").GetInt64());

        // The spawned server has a binary listener beside the gateway one, so its allocations are read on every transport.
        Assert.Equal(JsonValueKind.Number, summary.GetProperty("serverBytesPerRequest").ValueKind);
    }

    [Fact]
    public async Task An_open_loop_binary_run_reports_its_send_lag_and_the_servers_own_durations()
    {
        // --spawn adds an --http listener to the server and scrapes its /metrics at both ends of the
        // window; the pacer sleeps until each request is due where it can (Linux).
        (int exit, JsonElement summary, string messages) = await RunAsync(["--spawn", "--connections", "2", "--rate", "500", .. (Engine.LoadGen.Running.PreciseSleep.IsAvailable ? ["--pacer", "sleep"] : Array.Empty<string>())]);

        Assert.True(exit == 0, messages);
        Assert.Equal(JsonValueKind.Number, summary.GetProperty("sendLagP50Us").ValueKind);
        Assert.True(summary.GetProperty("sendLagMaxUs").GetDouble() >= summary.GetProperty("sendLagP99Us").GetDouble());

        // The server saw at least the measured requests (the window's scrapes bracket them, give or take the edges).
        Assert.True(summary.GetProperty("serverRequests").GetDouble() > 0, messages);
        Assert.True(summary.GetProperty("serverP99Us").GetDouble() >= summary.GetProperty("serverP50Us").GetDouble(), messages);
        Assert.True(summary.GetProperty("serverP50Us").GetDouble() > 0, messages);
    }

    [Theory]
    [InlineData("ext-authz")]
    [InlineData("http")]
    public async Task Answers_other_than_expected_are_counted_as_wrong(string protocol)
    {
        // Alice's real answers: Allow, ExplicitDeny (no MFA), ExplicitDeny; each case expects something else.
        string cases = Path.Combine(Path.GetTempPath(), $"loadgen-wrong-{Guid.NewGuid():N}.json");
        File.WriteAllText(cases, """
            [
              { "name": "allowed-expected-denied", "request": { "principal": "arn:aws:iam::111122223333:user/alice", "action": "iam:ListVirtualMFADevices", "resource": "*", "context": { "aws:username": "alice" } }, "expect": "ImplicitDeny" },
              { "name": "denied-expected-allowed", "request": { "principal": "arn:aws:iam::111122223333:user/alice", "action": "iam:ListUsers", "resource": "*", "context": { "aws:username": "alice", "aws:MultiFactorAuthPresent": "false" } }, "expect": "Allow" },
              { "name": "explicit-expected-implicit", "request": { "principal": "arn:aws:iam::111122223333:user/alice", "action": "iam:ListUsers", "resource": "*", "context": { "aws:username": "alice" } }, "expect": "ImplicitDeny" }
            ]
            """);
        try
        {
            (int exit, JsonElement summary, string messages) = await RunAsync(["--spawn", "--protocol", protocol, "--cases", cases]);

            Assert.True(exit == 1, messages);
            Assert.Equal(0, summary.GetProperty("errors").GetInt64());
            Assert.True(summary.GetProperty("mismatches").GetInt64() > 0);

            // Mismatches count the warmup and the connection's first request too: never fewer than the window's answers.
            Assert.True(summary.GetProperty("mismatches").GetInt64() >= summary.GetProperty("requests").GetInt64());
        }
        finally
        {
            File.Delete(cases);
        }
    }

    private static async Task<(int Exit, JsonElement Summary, string Messages)> RunAsync(string[] args)
    {
        var output = new StringWriter();
        var messages = new StringWriter();
        // The window must hold at least one answer, or the generator exits 1: 0.5 s once held none
        // for a closed-loop HTTP run while the whole suite shared the two cores (CI, 2026-12-07),
        // so 1.5 s, which costs the suite ~8 s.
        int exit = await LoadGenCommand.RunAsync([.. args, "--seconds", "1.5", "--warmup", "1", "--json", "--quiet"], output, messages, CancellationToken.None);
        string text = output.ToString();
        Assert.True(text.Length > 0, $"exit {exit}, no summary: {messages}");
        using JsonDocument json = JsonDocument.Parse(text);
        return (exit, json.RootElement.Clone(), messages + text);
    }
}
