using System.Text.Json;
using Engine.Host.Cli;

namespace Engine.Host.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string UnknownAction = """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}
        """;

    private const string OnlyAWarning = """
        {"Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}
        """;

    private static (int Exit, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        int exit = ValidateCommand.Run(args, output);
        return (exit, output.ToString());
    }

    [Fact]
    public void Text_findings_and_exit_code_by_fail_on()
    {
        string file = Write("bad.json", UnknownAction);
        (int exit, string text) = Run(file);
        Assert.Equal(1, exit);
        Assert.Contains($"{file}:1:", text, StringComparison.Ordinal);
        Assert.Contains(": ERROR INVALID_ACTION: `s3:GetObjekt` matches no action of `s3`", text, StringComparison.Ordinal);
        Assert.Contains("1 valid, 0 invalid; 1 errors, 0 security warnings, 0 warnings, 0 suggestions", text, StringComparison.Ordinal);

        string warning = Write("warning.json", OnlyAWarning);
        Assert.Equal(0, Run(warning).Exit);
        Assert.Equal(1, Run(warning, "--fail-on", "warning").Exit);
        Assert.Contains("WARNING MISSING_VERSION", Run(warning).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_errors_are_findings_too()
    {
        string file = Write("broken.json", """{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLikee": {"aws:username": "a"}}}]}""");
        (int exit, string text) = Run(file);
        Assert.Equal(1, exit);
        Assert.Contains("ERROR INVALID_CONDITION_OPERATOR: unknown condition operator `StringLikee`", text, StringComparison.Ordinal);
        Assert.Contains("0 valid, 1 invalid", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Suppressions_from_the_command_line_and_a_config_file()
    {
        string file = Write("bad.json", UnknownAction);
        Assert.Equal(0, Run(file, "--ignore", "INVALID_ACTION").Exit);
        Assert.Equal(0, Run(file, "--ignore-action", "s3:*").Exit);
        Assert.Equal(0, Run(file, "--ignore-file", "bad.json").Exit);
        Assert.Equal(1, Run(file, "--ignore-file", "other.json").Exit);

        string config = Write("lint.json", """{"failOn": "warning", "ignore": [{"code": "INVALID_ACTION", "file": "*bad.json"}]}""");
        Assert.Equal(0, Run(file, "--config", config).Exit);
        Assert.Equal(1, Run(Write("warning.json", OnlyAWarning), "--config", config).Exit);
        UsageException error = Assert.Throws<UsageException>(() => Run(file, "--config", Write("wrong.json", """{"ignor": []}""")));
        Assert.Contains("unknown lint config member `ignor`", error.Message, StringComparison.Ordinal);
        Assert.Throws<UsageException>(() => Run(file, "--fail-on", "loud"));
        Assert.Throws<UsageException>(() => Run(file, "--format", "xml"));
    }

    [Fact]
    public void Json_and_sarif_formats()
    {
        string file = Write("bad.json", UnknownAction);
        (int exit, string json) = Run(file, "--format", "json");
        Assert.Equal(1, exit);
        using (JsonDocument doc = JsonDocument.Parse(json))
        {
            JsonElement finding = Assert.Single(doc.RootElement.GetProperty("findings").EnumerateArray());
            Assert.Equal("INVALID_ACTION", finding.GetProperty("issueCode").GetString());
            Assert.Equal(file, finding.GetProperty("file").GetString());
        }

        (_, string sarif) = Run(file, "--format", "sarif");
        using (JsonDocument doc = JsonDocument.Parse(sarif))
        {
            Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
            Assert.Equal("INVALID_ACTION", Assert.Single(doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()).GetProperty("ruleId").GetString());
        }
    }

    [Fact]
    public void Eval_prints_the_findings_of_the_policies_it_used_without_changing_the_decision()
    {
        string policy = Write("fals.json", """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
              {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "fals"}}}]}
            """);
        var output = new StringWriter();
        int exit = EvalCommand.Run(["--policy", policy, "--principal", "arn:aws:iam::111122223333:user/alice", "--action", "s3:GetObject",
            "--resource", "arn:aws:s3:::b/k", "--context", "aws:SecureTransport=false"], output);
        string text = output.ToString();
        Assert.Equal(0, exit);
        Assert.StartsWith("decision: Allow", text, StringComparison.Ordinal);
        int findings = text.IndexOf("findings (engine validate):", StringComparison.Ordinal);
        Assert.True(findings > 0, text);
        Assert.Contains("WARNING TYPE_MISMATCH_BOOLEAN: the `Bool` value `fals` of `aws:SecureTransport` is neither `true` nor `false`", text[findings..], StringComparison.Ordinal);
    }
}
