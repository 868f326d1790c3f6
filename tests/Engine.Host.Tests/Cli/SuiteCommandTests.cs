using Engine.Host.Cli;
using Engine.LoadGen.Workload;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Host.Tests.Cli;

/// <summary>Every command that reads decision cases takes suites (case-format.md, "Suites"): check, bench, eval and the load generator.</summary>
public sealed class SuiteCommandTests
{
    private static readonly string s_suite = Path.Combine(TestData.WorkloadsDirectory, "overlap-10x50.json");

    [Fact]
    public void Check_decides_every_case_of_a_suite()
    {
        var output = new StringWriter();
        Assert.Equal(0, CheckCommand.Run([s_suite], output));
        Assert.Equal("64 passed, 0 failed", output.ToString().Trim());
    }

    [Fact]
    public void Check_reports_a_malformed_suite_as_a_failed_file()
    {
        string file = Path.Combine(Path.GetTempPath(), $"suite-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"name":"s","policies":{"identity":[]},"cases":[{"policies":{},"request":{"principal":"p","action":"s3:GetObject","resource":"*"}}]}""");
        try
        {
            var output = new StringWriter();
            Assert.Equal(1, CheckCommand.Run([file], output));
            Assert.Contains("a case inside a suite carries its own `policies` (the suite's `policies` decide its cases) at $.cases[0].policies (line 1, column 50)", output.ToString(), StringComparison.Ordinal);
            Assert.EndsWith("0 passed, 1 failed", output.ToString().Trim(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Bench_compiles_the_suite_set_once()
    {
        var output = new StringWriter();
        Assert.Equal(0, BenchCommand.Run([s_suite, "--seconds", "0.2", "--warmup", "0"], output));
        Assert.Contains("cases:               64 (1 distinct policy sets)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("(after 0.00 s of warm-up)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("mismatches:          0", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_warms_up_for_the_time_asked_before_it_measures()
    {
        // warmupSeconds is the time the warm-up loop ran, not the option echoed.
        var output = new StringWriter();
        Assert.Equal(0, BenchCommand.Run([s_suite, "--seconds", "0.2", "--warmup", "0.5", "--json"], output));
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.InRange(json.RootElement.GetProperty("warmupSeconds").GetDouble(), 0.5, 3600);
        Assert.InRange(json.RootElement.GetProperty("seconds").GetDouble(), 0.2, 3600);

        UsageException negative = Assert.Throws<UsageException>(() => BenchCommand.Run([s_suite, "--warmup", "-1"], TextWriter.Null));
        Assert.Contains("option `--warmup` takes a number from 0 to 3600, not `-1`", negative.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("overlap-10x50/0")]
    [InlineData("0")]
    public void Eval_picks_a_case_of_a_suite_by_name(string name)
    {
        var output = new StringWriter();
        Assert.Equal(0, EvalCommand.Run(["--case", s_suite, "--name", name], output));
        Decision expected = WorkloadCorpus.ByName["overlap-10x50/0"].Expect!.Value;
        Assert.StartsWith($"decision: {expected}", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_names_the_cases_when_the_name_is_unknown()
    {
        UsageException error = Assert.Throws<UsageException>(() => EvalCommand.Run(["--case", s_suite, "--name", "nope"], TextWriter.Null));
        Assert.Contains("holds no case named `nope` (its cases: `overlap-10x50/0`, `overlap-10x50/1`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_needs_case_for_name() =>
        Assert.Contains("give --case too", Assert.Throws<UsageException>(() => EvalCommand.Run(["--name", "x", "--principal", "p", "--action", "s3:GetObject", "--resource", "*"], TextWriter.Null)).Message, StringComparison.Ordinal);

    [Fact]
    public void The_load_generator_sends_each_case_of_a_suite()
    {
        CaseWorkload workload = CaseWorkload.Load([s_suite]);
        Assert.Equal(64, workload.Requests.Length);
        Assert.Equal("overlap-10x50/63", workload.Requests[^1].Name);
        Assert.Equal(WorkloadCorpus.ByName["overlap-10x50/63"].Expect, workload.Requests[^1].Expect);
    }
}
