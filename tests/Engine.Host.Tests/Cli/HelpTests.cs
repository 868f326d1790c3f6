using Engine.Host.Cli;

namespace Engine.Host.Tests.Cli;

public sealed class HelpTests
{
    private static readonly Dictionary<string, Func<IReadOnlyList<string>, TextWriter, int>> s_commands = new()
    {
        ["bench"] = BenchCommand.Run,
        ["can-do"] = CanDoCommand.Run,
        ["check"] = CheckCommand.Run,
        ["compile"] = CompileCommand.Run,
        ["eval"] = EvalCommand.Run,
        ["query"] = QueryCommand.Run,
        ["serve"] = ServeCommand.Run,
        ["stats"] = StatsCommand.Run,
        ["validate"] = ValidateCommand.Run,
        ["who-can"] = WhoCanCommand.Run,
    };

    public static TheoryData<string, string> Every_command_and_help_flag()
    {
        var data = new TheoryData<string, string>();
        foreach (string command in s_commands.Keys)
        {
            data.Add(command, "--help");
            data.Add(command, "-h");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Every_command_and_help_flag))]
    public void Every_command_prints_its_usage_for_both_help_flags(string command, string flag)
    {
        var output = new StringWriter();
        Assert.Equal(0, s_commands[command]([flag], output));
        Assert.StartsWith($"usage: engine {command}", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("example", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_wins_over_missing_required_options() =>
        Assert.Equal(0, WhoCanCommand.Run(["--action", "s3:GetObject", "-h"], TextWriter.Null));

    [Theory]
    [InlineData("stats", "stray", "unexpected argument `stray`")]
    [InlineData("serve", "--bogus", "unknown option `--bogus`")]
    [InlineData("query", "--connect", "option `--connect` needs a value")]
    public void Mistakes_are_usage_errors_in_the_users_terms(string command, string argument, string message)
    {
        UsageException error = Assert.Throws<UsageException>(() => s_commands[command]([argument], TextWriter.Null));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
