using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Protocol;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Tests.Server;

// Issue #14, finding 2: 32 queries of 16 MiB took the server from 55 MB to 3.1 GB, and none of it
// came back after their connections closed. A child process, so that the resident set measured is
// the server's alone (an in-process server shares its heap with the test host and every other test).
public sealed partial class ServeProcessTests
{
    private const int LargeFrame = 8 * 1024 * 1024;
    private const int LargeFrameConnections = 8;

    [Fact]
    public async Task After_a_burst_of_large_frames_and_the_close_of_their_connections_the_server_returns_near_its_idle_memory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // reads /proc/PID/status
        }

        using var cancel = new CancellationTokenSource(s_timeout);
        using Process server = StartServe(["--max-frame-bytes", "16777216", "--max-buffered-bytes", (LargeFrame * LargeFrameConnections).ToString(CultureInfo.InvariantCulture)]);
        try
        {
            Match line = await ReadStartLine(server, cancel.Token);
            var address = ListenAddress.TryParse(line.Groups["address"].Value, out ListenAddress? parsed) ? parsed! : throw new InvalidOperationException("no address");
            using (RawConnection warm = RawConnection.Connect(address))
            {
                warm.Send(MfaQueries.AliceAllowed(1));
                Assert.Equal(Decision.Allow, Assert.IsType<DecisionResponse>(warm.ReadResponse()).Decision);
            }

            long idle = ResidentBytes(server.Id);

            // Every connection sends one large frame at once (the budget holds all of them), reads its answer, closes.
            byte[] frame = BufferedBytesBudgetTests.LargeAllowedQuery(7, LargeFrame);
            await Task.WhenAll(Enumerable.Range(0, LargeFrameConnections).Select(_ => Task.Run(() =>
            {
                using RawConnection client = RawConnection.Connect(address);
                client.Send(frame);
                var decided = Assert.IsType<DecisionResponse>(client.ReadResponse());
                Assert.Equal((ResponseStatus.Ok, Decision.Allow), (decided.Status, decided.Decision));
            }, cancel.Token)));
            long afterBurst = ResidentBytes(server.Id);

            // The server trims on its own a second after the burst (MemoryTrimmer): poll, bounded.
            long settled = afterBurst;
            for (int i = 0; i < 150 && settled > 2 * idle; i++)
            {
                await Task.Delay(200, cancel.Token);
                settled = ResidentBytes(server.Id);
            }

            Assert.True(settled <= 2 * idle, $"resident set: idle {idle / 1024} KiB, right after the burst {afterBurst / 1024} KiB, 30 s later {settled / 1024} KiB (more than twice idle)");

            SendSigterm(server);
            await server.WaitForExitAsync(cancel.Token);
            Assert.Equal(0, server.ExitCode);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    // VmRSS of /proc/PID/status, in bytes.
    private static long ResidentBytes(int pid)
    {
        foreach (string text in File.ReadLines($"/proc/{pid}/status"))
        {
            if (text.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                string kilobytes = text["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no VmRSS in /proc/{pid}/status");
    }
}
