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
        status, connections, the policy revision and the bytes the process has allocated.

          --connect ADDR   the server: 127.0.0.1:7070 (default) or unix:/path
          --json           one JSON object, counter name → value

        examples:
          engine stats
          engine stats --connect unix:/run/engine.sock --json
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        CommandLine line = CommandLine.Parse(args, new HashSet<string> { "--json" }, new HashSet<string> { "--connect" });
        if (line.ShowHelp(Usage, output))
        {
            return 0;
        }

        line.RejectPositionals();

        StatsResponse stats = ServerConnect.Call(line.One("--connect") ?? ServerConnect.DefaultAddress, client => client.StatsAsync());
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
            output.WriteLine($"{Name(i),-28} {stats.Counters[i]}");
        }

        return 0;
    }

    // Known counters by their enum name; newer ones a newer server sends by index.
    private static string Name(int index) =>
        Enum.IsDefined((StatsCounter)index) ? JsonNamingPolicy.SnakeCaseLower.ConvertName(((StatsCounter)index).ToString()) : $"counter_{index}";
}
