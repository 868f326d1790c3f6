using Engine.Compiler.Diagnostics;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;
using Engine.Testing;
using Xunit.Abstractions;

namespace Engine.Compiler.Tests.Parsing;

public sealed class PolicyCorpusTests(ITestOutputHelper output)
{
    /// <summary>
    /// The example documents that are not valid policies, each with the reason. Most are templates
    /// from AWS's documentation and aws-samples whose placeholders break a rule of the spec.
    /// </summary>
    private static readonly Dictionary<string, string> s_expectedFailures = new(StringComparer.Ordinal)
    {
        ["rcp/dataperimeter__api_gateway_policy.json"] =
            "spec §2.5 RCP rule: every statement uses \"Action\": \"*\" (a data-perimeter template written for a resource policy)",
        ["rcp/dataperimeter__sns_topic_policy.json"] =
            "spec §2.5 RCP rule: Statement[2] uses \"Action\": \"*\"",
        ["rcp/rcpex__Shared-Issuers.json"] =
            "Statement[19] has no Resource (required in RCPs), uses Effect Allow (spec §2.5 RCP rule) and the condition key "
            + "`accounts.google.com` has no `prefix:` (a fault of the sample)",
        ["resource/dataperimeter__s3_endpoint_policy.json"] =
            "placeholder `<action>` in Statement[4] and Statement[5] is not `service:action`",
    };

    public static TheoryData<string> ManagedPolicies() =>
        [.. TestData.ManagedPolicyFiles()
            .Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Examples() =>
        [.. s_exampleFolders.Keys
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(ExamplesDirectory, folder), "*.json"))
            .Select(path => Path.GetRelativePath(ExamplesDirectory, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    private static string ExamplesDirectory => TestData.ExamplesDirectory;

    private static readonly Dictionary<string, PolicyKind> s_exampleFolders = new(StringComparer.Ordinal)
    {
        ["identity"] = PolicyKind.Identity,
        ["resource"] = PolicyKind.Resource,
        ["scp"] = PolicyKind.Scp,
        ["rcp"] = PolicyKind.Rcp,
        ["boundary"] = PolicyKind.PermissionsBoundary,
    };

    [Theory]
    [MemberData(nameof(ManagedPolicies))]
    public void Managed_policy_parses_without_errors(string file)
    {
        byte[] bytes = File.ReadAllBytes(TestData.ManagedPolicyFile(Path.GetFileNameWithoutExtension(file)));
        PolicyParseResult result = PolicyParser.Parse(bytes, PolicyKind.Identity);
        Assert.True(result.Success, string.Join('\n', result.Errors));
        Assert.NotEmpty(result.Document!.Statements);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_parses_or_fails_with_a_located_error(string file)
    {
        PolicyKind kind = s_exampleFolders[file[..file.IndexOf('/', StringComparison.Ordinal)]];
        PolicyParseResult result = PolicyParser.Parse(File.ReadAllBytes(Path.Combine(ExamplesDirectory, file)), kind);
        foreach (PolicyError error in result.Errors)
        {
            output.WriteLine(error.ToString());
            Assert.True(error.Location.Line >= 1 && error.Location.Column >= 1, error.ToString());
            Assert.StartsWith("$", error.Path, StringComparison.Ordinal);
        }

        bool expectedToFail = s_expectedFailures.ContainsKey(file);
        Assert.True(expectedToFail != result.Success,
            expectedToFail ? $"{file} parsed but is listed as failing" : $"{file} failed:\n{string.Join('\n', result.Errors)}");
    }

    [Fact]
    public void Expected_failures_name_existing_files()
    {
        foreach (string file in s_expectedFailures.Keys)
        {
            Assert.True(File.Exists(Path.Combine(ExamplesDirectory, file)), file);
        }
    }

    // Speed is measured by `engine compile` and BenchmarkDotNet (docs/benchmarks.md), not asserted here.
    [Fact]
    public void All_managed_policies_parse_with_every_statement()
    {
        string[] files = [.. TestData.ManagedPolicyFiles()];
        int statements = files.Sum(file => PolicyParser.Parse(File.ReadAllBytes(file), PolicyKind.Identity).Document!.Statements.Length);
        output.WriteLine($"{files.Length} policies, {statements} statements");
        Assert.Equal(1569, files.Length);
        Assert.Equal(8702, statements);
    }
}
