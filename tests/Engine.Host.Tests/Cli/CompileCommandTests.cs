using System.Text.Json;
using Engine.Host.Cli;
using Engine.Testing;

namespace Engine.Host.Tests.Cli;

/// <summary><c>engine compile</c>: compile times and the memory of each compiled set (issue #15 §2).</summary>
public sealed class CompileCommandTests
{
    private static readonly string s_identity = Path.Combine(TestData.ExamplesDirectory, "identity");

    [Theory]
    [InlineData(null, "compiled-matcher")]
    [InlineData("compiled", "compiled")]
    [InlineData("compiled-interpreted", "compiled-interpreted")]
    public void Json_reports_bytes_per_policy_and_in_total(string? engine, string expectedEngine)
    {
        var output = new StringWriter();
        string[] args = engine is null ? [s_identity, "--json"] : [s_identity, "--json", "--engine", engine];
        Assert.Equal(0, CompileCommand.Run(args, output));

        using var json = JsonDocument.Parse(output.ToString());
        JsonElement root = json.RootElement;
        Assert.Equal(expectedEngine, root.GetProperty("engine").GetString());
        int policies = root.GetProperty("policies").GetInt32();
        Assert.Equal(Directory.GetFiles(s_identity, "*.json").Length, policies);
        JsonElement[] perPolicy = [.. root.GetProperty("perPolicy").EnumerateArray()];
        Assert.Equal(policies, perPolicy.Length);
        Assert.All(perPolicy, p => Assert.True(p.GetProperty("bytes").GetInt64() > 0, p.ToString()));

        // Separately compiled sets share nothing but process-wide singletons: the total (what they
        // share counted once) is at most the sum, and not far below it.
        long total = root.GetProperty("bytes").GetInt64(), sum = perPolicy.Sum(p => p.GetProperty("bytes").GetInt64());
        Assert.InRange(total, sum * 9 / 10, sum);
        Assert.Equal(perPolicy.Sum(p => p.GetProperty("jsonBytes").GetInt64()), root.GetProperty("jsonBytes").GetInt64());
    }

    [Fact]
    public void The_reference_engine_is_a_usage_error()
    {
        UsageException error = Assert.Throws<UsageException>(() => CompileCommand.Run([s_identity, "--engine", "reference"], TextWriter.Null));
        Assert.Contains("the reference engine compiles nothing", error.Message, StringComparison.Ordinal);
    }
}
