using System.Text;
using System.Text.Json;
using Engine.Protocol;

namespace Engine.Host.Cli;

/// <summary><c>engine stats</c>: prints a running server's counters.</summary>
internal static class StatsCommand
{
    public const string Usage = """
        usage: engine stats [--connect ADDR] [--json]

        Prints the counters of a running `engine serve`: requests, decisions by kind, errors by
        status, connections, the policy revision and the bytes the process has allocated; when the
        revision in use was loaded, how many reloads failed and when the last one did, and how
        often watching the bundle failed (polling took over). Times are seconds since 1970 (UTC);
        the text output adds the date. A failed reload's errors are in the server's log.

          --connect ADDR   the server: 127.0.0.1:7070 (default) or unix:/path
          --json           one JSON object, counter name → value
        """ + "\n" + ClientAuthOptions.Usage + "\n" + """

        examples:
          engine stats
          engine stats --connect unix:/run/engine.sock --json
          engine stats --connect engine.internal:7070 --tls-ca ca.pem --tls-cert client.pem --tls-key client-key.pem
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        CommandLine line = CommandLine.Parse(args, new HashSet<string> { "--json", ClientAuthOptions.Flag }, new HashSet<string>(ClientAuthOptions.Names) { "--connect" });
        if (line.ShowHelp(Usage, output))
        {
            return 0;
        }

        line.RejectPositionals();

        StatsResponse stats = ServerConnect.Call(line, client => client.StatsAsync());
        if (line.Has("--json"))
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                for (int i = 0; i < stats.Counters.Count; i++)
                {
                    json.WriteNumber(Name(i), stats.Counters[i]);
                }

                json.WriteEndObject();
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
            return 0;
        }

        for (int i = 0; i < stats.Counters.Count; i++)
        {
            output.WriteLine($"{Name(i),-28} {stats.Counters[i]}{When((StatsCounter)i, stats.Counters[i])}");
        }

        // The text of a reload error does not fit the Stats frame (its counters are all a reader may
        // expect), so say where it is: a bundle on disk that is not being served must not go unseen.
        if (stats.Get(StatsCounter.LastReloadFailedAt) is { } failedAt and > 0
            && stats.Get(StatsCounter.RevisionLoadedAt) is { } loadedAt && failedAt >= loadedAt)
        {
            output.WriteLine($"the last reload failed ({Date(failedAt)}) and the previous policies are still served: its errors are in the server's log (`reload failed`)");
        }

        return 0;
    }

    private static string When(StatsCounter counter, ulong value) =>
        counter is StatsCounter.RevisionLoadedAt or StatsCounter.LastReloadFailedAt && value > 0 ? $" ({Date(value)})" : "";

    private static string Date(ulong unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(unixSeconds, 253_402_300_799UL)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    // Known counters by their enum name; newer ones a newer server sends by index.
    private static string Name(int index) =>
        Enum.IsDefined((StatsCounter)index) ? JsonNamingPolicy.SnakeCaseLower.ConvertName(((StatsCounter)index).ToString()) : $"counter_{index}";
}
