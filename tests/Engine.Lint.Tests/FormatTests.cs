using System.Text;
using System.Text.Json;
using Engine.Runtime.Evaluation;
using Engine.Testing;
using NJsonSchema;

namespace Engine.Lint.Tests;

/// <summary>The three output formats, field by field; SARIF against the official 2.1.0 schema.</summary>
public sealed class FormatTests
{
    private const string Document = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": [\"s3:GetObjekt\", \"iam:PassRole\"], \"Resource\": \"*\"}\n  ]\n}";

    private static List<(string File, PolicyFinding Finding)> Findings() =>
        [.. PolicyLinter.Lint(Document, PolicyKind.Identity).Findings.Select(f => ("policies/app.json", f))];

    [Fact]
    public void Text_is_file_line_column_type_code_message_with_columns_from_1()
    {
        var output = new StringWriter();
        FindingWriter.WriteText(output, "policies/app.json", Findings().Select(f => f.Finding));
        string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        int column = Document.Split('\n')[3].IndexOf("\"s3:GetObjekt\"", StringComparison.Ordinal) + 1;
        Assert.Contains($"policies/app.json:4:{column}: ERROR INVALID_ACTION: `s3:GetObjekt` matches no action of `s3` in the service reference of 2026-09-26", lines);
        Assert.Contains(lines, l => l.StartsWith("policies/app.json:4:", StringComparison.Ordinal) && l.Contains(" SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_has_access_analyzers_finding_shape()
    {
        using var buffer = new MemoryStream();
        FindingWriter.WriteJson(buffer, Findings());
        using JsonDocument doc = JsonDocument.Parse(buffer.ToArray());
        JsonElement finding = doc.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("issueCode").GetString() == "INVALID_ACTION");
        Assert.Equal("policies/app.json", finding.GetProperty("file").GetString());
        Assert.Equal("ERROR", finding.GetProperty("findingType").GetString());
        Assert.StartsWith("`s3:GetObjekt` matches no action", finding.GetProperty("findingDetails").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action",
            finding.GetProperty("learnMoreLink").GetString());
        JsonElement location = Assert.Single(finding.GetProperty("locations").EnumerateArray());
        JsonElement[] path = [.. location.GetProperty("path").EnumerateArray()];
        Assert.Equal(4, path.Length);
        Assert.Equal("Statement", path[0].GetProperty("value").GetString());
        Assert.Equal(0, path[1].GetProperty("index").GetInt32());
        Assert.Equal("Action", path[2].GetProperty("value").GetString());
        Assert.Equal(0, path[3].GetProperty("index").GetInt32());
        Assert.False(path[1].TryGetProperty("value", out _));
        JsonElement start = location.GetProperty("span").GetProperty("start"), end = location.GetProperty("span").GetProperty("end");
        int offset = Document.IndexOf("\"s3:GetObjekt\"", StringComparison.Ordinal);
        Assert.Equal(4, start.GetProperty("line").GetInt32());
        Assert.Equal(offset - Document.LastIndexOf('\n', offset) - 1, start.GetProperty("column").GetInt32());
        Assert.Equal(offset, start.GetProperty("offset").GetInt32());
        Assert.Equal(4, end.GetProperty("line").GetInt32());
        Assert.Equal(offset + "\"s3:GetObjekt\"".Length, end.GetProperty("offset").GetInt32());
        Assert.Equal(start.GetProperty("column").GetInt32() + "\"s3:GetObjekt\"".Length, end.GetProperty("column").GetInt32());
    }

    private static JsonDocument Sarif(out string text)
    {
        using var buffer = new MemoryStream();
        FindingWriter.WriteSarif(buffer, Findings(), "1.2.3");
        text = Encoding.UTF8.GetString(buffer.ToArray());
        return JsonDocument.Parse(text);
    }

    [Fact]
    public void Sarif_has_rules_results_regions_from_1_and_fingerprints()
    {
        using JsonDocument doc = Sarif(out _);
        Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        JsonElement run = Assert.Single(doc.RootElement.GetProperty("runs").EnumerateArray());
        JsonElement driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("1.2.3", driver.GetProperty("version").GetString());
        JsonElement[] rules = [.. driver.GetProperty("rules").EnumerateArray()];
        Assert.Equal(["INVALID_ACTION", "PASS_ROLE_WITH_STAR_IN_RESOURCE"], rules.Select(r => r.GetProperty("id").GetString()));
        JsonElement passRole = rules[1];
        Assert.Equal("PassRoleWithStarInResource", passRole.GetProperty("name").GetString());
        Assert.Equal("An Allow grants iam:PassRole on every role.", passRole.GetProperty("shortDescription").GetProperty("text").GetString());
        Assert.Contains("SECURITY_WARNING", passRole.GetProperty("fullDescription").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource", passRole.GetProperty("helpUri").GetString(), StringComparison.Ordinal);
        Assert.Equal("warning", passRole.GetProperty("defaultConfiguration").GetProperty("level").GetString());
        Assert.Equal("7.0", passRole.GetProperty("properties").GetProperty("security-severity").GetString());
        Assert.Equal("error", rules[0].GetProperty("defaultConfiguration").GetProperty("level").GetString());

        JsonElement result = run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "INVALID_ACTION");
        Assert.Equal(0, result.GetProperty("ruleIndex").GetInt32());
        Assert.Equal("error", result.GetProperty("level").GetString());
        Assert.StartsWith("`s3:GetObjekt`", result.GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
        JsonElement physical = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
        Assert.Equal("policies/app.json", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        JsonElement region = physical.GetProperty("region");
        int offset = Document.IndexOf("\"s3:GetObjekt\"", StringComparison.Ordinal);
        Assert.Equal(4, region.GetProperty("startLine").GetInt32());
        Assert.Equal(offset - Document.LastIndexOf('\n', offset), region.GetProperty("startColumn").GetInt32());
        Assert.Equal(offset, region.GetProperty("charOffset").GetInt32());
        Assert.Equal("\"s3:GetObjekt\"".Length, region.GetProperty("charLength").GetInt32());
        Assert.Equal("$.Statement[0].Action[0]", Assert.Single(result.GetProperty("locations")[0].GetProperty("logicalLocations").EnumerateArray()).GetProperty("fullyQualifiedName").GetString());
        string fingerprint = result.GetProperty("partialFingerprints").GetProperty("engineFinding/v1").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", fingerprint);

        // The fingerprint survives an edit elsewhere in the file (the line moves), and differs between findings.
        string moved = "\n\n" + Document;
        using var buffer = new MemoryStream();
        FindingWriter.WriteSarif(buffer, PolicyLinter.Lint(moved, PolicyKind.Identity).Findings.Select(f => ("policies/app.json", f)), "1.2.3");
        using JsonDocument again = JsonDocument.Parse(buffer.ToArray());
        JsonElement[] results = [.. again.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()];
        Assert.Contains(results, r => r.GetProperty("partialFingerprints").GetProperty("engineFinding/v1").GetString() == fingerprint);
        Assert.Equal(results.Length, results.Select(r => r.GetProperty("partialFingerprints").GetProperty("engineFinding/v1").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Sarif_validates_against_the_official_2_1_0_schema()
    {
        // From the npm package @microsoft/jest-sarif (MIT), installed by `npm ci` in sarif-schema/ when this project builds.
        string schemaFile = Path.Combine(RepositoryPaths.RepositoryRoot, "tests", "Engine.Lint.Tests", "sarif-schema", "node_modules",
            "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json");
        Assert.True(File.Exists(schemaFile), $"run `npm ci` in tests/Engine.Lint.Tests/sarif-schema ({schemaFile} is missing)");
        JsonSchema schema = await JsonSchema.FromFileAsync(schemaFile);
        using JsonDocument _ = Sarif(out string text);
        Assert.Empty(schema.Validate(text));

        // The validator does reject a log that breaks the schema.
        string broken = text.Replace("\"startLine\": 4", "\"startLine\": 0", StringComparison.Ordinal);
        Assert.NotEqual(text, broken);
        Assert.NotEmpty(schema.Validate(broken));
    }

    [Fact]
    public void Suppressions_match_code_file_action_and_resource()
    {
        PolicyFinding invalid = Findings().Single(f => f.Finding.IssueCode == "INVALID_ACTION").Finding;
        LintSuppressions config = LintSuppressions.ReadConfig(
            "{\"failOn\": \"warning\", \"ignore\": [\"REDUNDANT_ACTION\", {\"code\": \"INVALID_ACTION\", \"file\": \"legacy/*\"}, {\"action\": \"S3:Get*\"}]}", out FindingType? failOn);
        Assert.Equal(FindingType.Warning, failOn);
        Assert.True(config.IsSuppressed(invalid, "policies/app.json"));      // by action pattern (case-insensitive)
        var byFile = new LintSuppressions();
        byFile.Add(new LintSuppressions.Rule(Code: "INVALID_ACTION", File: "legacy/*"));
        Assert.True(byFile.IsSuppressed(invalid, "legacy/old.json"));
        Assert.False(byFile.IsSuppressed(invalid, "policies/app.json"));
        var byResource = new LintSuppressions();
        byResource.Add(new LintSuppressions.Rule(Resource: "arn:aws:s3:::*"));
        Assert.False(byResource.IsSuppressed(invalid, "policies/app.json")); // the finding names no resource
        Assert.Throws<FormatException>(() => LintSuppressions.ReadConfig("{\"ignor\": []}", out _));
        Assert.Throws<FormatException>(() => LintSuppressions.ReadConfig("{\"failOn\": \"loud\"}", out _));
    }
}
