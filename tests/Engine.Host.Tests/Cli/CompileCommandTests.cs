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

        // Separately compiled sets share only what is cached process-wide (the expression
        // interpreter's instructions, for one: 12.5 % of the sum here): the total (what they share
        // counted once) is at most the sum, and most of it.
        long total = root.GetProperty("bytes").GetInt64(), sum = perPolicy.Sum(p => p.GetProperty("bytes").GetInt64());
        Assert.InRange(total, sum * 3 / 4, sum);
        Assert.Equal(perPolicy.Sum(p => p.GetProperty("jsonBytes").GetInt64()), root.GetProperty("jsonBytes").GetInt64());
    }

    [Fact]
    public void Managed_compiles_every_embedded_aws_managed_policy()
    {
        var output = new StringWriter();
        Assert.Equal(0, CompileCommand.Run(["--managed", "--json"], output));
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(Engine.Catalog.AwsManagedPolicies.All.Count, json.RootElement.GetProperty("policies").GetInt32());
        Assert.True(json.RootElement.GetProperty("bytes").GetInt64() > json.RootElement.GetProperty("jsonBytes").GetInt64());
    }

    [Fact]
    public void The_reference_engine_is_a_usage_error()
    {
        UsageException error = Assert.Throws<UsageException>(() => CompileCommand.Run([s_identity, "--engine", "reference"], TextWriter.Null));
        Assert.Contains("the reference engine compiles nothing", error.Message, StringComparison.Ordinal);
    }
}
