using Engine.Testing;

namespace Engine.Catalog.Tests;

public sealed class AwsManagedPoliciesTests
{
    [Fact]
    public void Holds_the_current_and_the_deprecated_policies()
    {
        Assert.Equal(1569, AwsManagedPolicies.All.Count(p => !p.IsDeprecated));
        Assert.Equal(75, AwsManagedPolicies.All.Count(p => p.IsDeprecated));
        Assert.Equal(AwsManagedPolicies.All.Count, AwsManagedPolicies.All.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Finds_a_policy_by_name_and_by_arn_in_any_partition()
    {
        Assert.True(AwsManagedPolicies.TryGetByName("ReadOnlyAccess", out ManagedPolicy? byName));
        Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", byName.Arn);
        Assert.False(byName.IsDeprecated);
        Assert.StartsWith("v", byName.DefaultVersion, StringComparison.Ordinal);
        Assert.Contains("\"Statement\"", byName.Document, StringComparison.Ordinal);

        Assert.True(AwsManagedPolicies.TryGetByArn("arn:aws-cn:iam::aws:policy/ReadOnlyAccess", out ManagedPolicy? byArn));
        Assert.Same(byName, byArn);
        Assert.True(AwsManagedPolicies.TryGetByArn("arn:aws:iam::aws:policy/service-role/AWSConfigRole", out ManagedPolicy? config));
        Assert.Equal("AWSConfigRole", config.Name);
    }

    [Fact]
    public void Rejects_unknown_names_and_customer_managed_arns()
    {
        Assert.False(AwsManagedPolicies.TryGetByName("readonlyaccess", out _));
        Assert.False(AwsManagedPolicies.TryGetByName("NoSuchPolicy", out _));
        Assert.False(AwsManagedPolicies.TryGetByArn("arn:aws:iam::123456789012:policy/ReadOnlyAccess", out _));
        Assert.False(AwsManagedPolicies.IsAwsManagedArn("arn:aws:iam::aws:policy/", out _));
        Assert.True(AwsManagedPolicies.IsAwsManagedArn("arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess", out string name));
        Assert.Equal("ViewOnlyAccess", name);
    }

    [Fact]
    public void Deprecated_policies_are_flagged()
    {
        ManagedPolicy[] deprecated = AwsManagedPolicies.All.Where(p => p.IsDeprecated).ToArray();
        Assert.All(deprecated, p => Assert.Contains("Statement", p.Document, StringComparison.Ordinal));
        // iam-dataset gives no ARN for some of them: null rather than a guessed path.
        Assert.Contains(deprecated, p => p.Arn is null);
        Assert.All(AwsManagedPolicies.All.Where(p => !p.IsDeprecated), p => Assert.NotNull(p.Arn));
    }

    [Fact]
    public void Documents_are_the_text_of_the_corpus_files()
    {
        // The engine read these files from shared/corpus before; it must read the very same text now.
        // A drift test: it compares only where shared/ lies beside the repository (.ci/run runs it there).
        if (RepositoryPaths.SharedDirectoryOrNull is not { } shared)
        {
            return;
        }

        string corpus = Path.Combine(shared, "corpus");
        int compared = 0;
        foreach (ManagedPolicy policy in AwsManagedPolicies.All)
        {
            string folder = policy.IsDeprecated ? "aws-managed-policies-deprecated" : "aws-managed-policies";
            Assert.Equal(File.ReadAllText(Path.Combine(corpus, folder, policy.Name + ".json")).TrimEnd(), policy.Document);
            compared++;
        }

        Assert.Equal(1644, compared);
    }
}
