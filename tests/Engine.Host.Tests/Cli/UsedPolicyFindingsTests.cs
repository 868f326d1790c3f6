using System.Collections.Immutable;
using Engine.Bundles;
using Engine.Compiler.Model;
using Engine.Host.Explain;
using Engine.Lint;

namespace Engine.Host.Tests.Cli;

/// <summary>The one home of "findings of the policies used": checked once per policy of a loaded bundle, never per request.</summary>
public sealed class UsedPolicyFindingsTests : IDisposable
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";
    private readonly string _directory = Directory.CreateTempSubdirectory("used-findings-").FullName;

    public UsedPolicyFindingsTests()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "policies"));
        File.WriteAllText(Path.Combine(_directory, "bundle.json"), $$"""{ "users": { "{{Alice}}": { "policies": ["ok", "never"] } } }""");
        File.WriteAllText(Path.Combine(_directory, "policies", "ok.json"), """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""");
        File.WriteAllText(Path.Combine(_directory, "policies", "never.json"), """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"fals"}}}]}
            """);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static ImmutableArray<(string Policy, string Name, PolicyFinding Finding)> FindingsOf(Bundle bundle)
    {
        Assert.True(bundle.TryGetPolicySet(Alice, "arn:aws:s3:::logs/a.txt", null, out PolicySet? set));
        return UsedPolicyFindings.Of(set, d => bundle.NameOf(d) is { } name ? (name, bundle.SourceOf(d)) : null);
    }

    [Fact]
    public void Each_policy_is_checked_once_per_loaded_bundle_and_named_by_its_place_in_the_decision()
    {
        Bundle bundle = BundleLoader.Load(_directory).Bundle!;
        (string policy, string name, PolicyFinding finding) = Assert.Single(FindingsOf(bundle));
        Assert.Equal("identity[1]", policy);
        Assert.Equal("never", name);
        Assert.Equal("TYPE_MISMATCH_BOOLEAN", finding.IssueCode);
        Assert.Equal(2, finding.Span.Start.Line);

        // The second explained answer reuses the first one's result: the very same finding object.
        Assert.Same(finding, Assert.Single(FindingsOf(bundle)).Finding);

        // A reload parses new documents, so they are checked again (findings never outlive their bundle revision).
        Bundle reloaded = BundleLoader.Load(_directory).Bundle!;
        PolicyFinding again = Assert.Single(FindingsOf(reloaded)).Finding;
        Assert.NotSame(finding, again);
        Assert.Equal((finding.IssueCode, finding.Span), (again.IssueCode, again.Span));
    }
}
