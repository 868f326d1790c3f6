using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Engine.Host.Tests.Server;

public sealed partial class ServeProcessTests
{
    [Fact]
    public async Task Sighup_reloads_even_when_the_process_started_with_it_ignored_as_under_nohup()
    {
        // Issue #14, finding 4: `trap '' HUP` (what nohup does) is inherited as SIG_IGN by exec;
        // the server used to stay silent on SIGHUP then. A no-op reload still logs a line.
        using var cancel = new CancellationTokenSource(s_timeout);
        string engine = Path.Combine(AppContext.BaseDirectory, "engine");
        var start = new ProcessStartInfo("/bin/bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("trap '' HUP; exec \"$0\" serve --listen 127.0.0.1:0 --no-watch");
        start.ArgumentList.Add(engine);
        using Process server = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        try
        {
            await ReadStartLine(server, cancel.Token);
            string status = await File.ReadAllTextAsync($"/proc/{server.Id}/status", cancel.Token);
            ulong ignored = ulong.Parse(MyRegex().Match(status).Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            Assert.True((ignored & 1) == 0, "SIGHUP is still ignored");

            using (Process hup = Process.Start("kill", ["-HUP", server.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await hup.WaitForExitAsync(cancel.Token);
            }

            string? line;
            do
            {
                line = await server.StandardOutput.ReadLineAsync(cancel.Token);
            }
            while (line is not null && !line.Contains("reload", StringComparison.Ordinal));

            Assert.NotNull(line);
            Assert.False(server.HasExited);
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

    [GeneratedRegex(@"SigIgn:\s*([0-9a-f]+)")]
    private static partial Regex MyRegex();
}
