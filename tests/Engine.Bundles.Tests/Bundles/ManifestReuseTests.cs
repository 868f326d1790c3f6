using Engine.Runtime.Evaluation;
using Engine.Testing.Bundles;

namespace Engine.Bundles.Tests.Bundles;

/// <summary>
/// A reload whose <c>bundle.json</c> has the same bytes builds on the previous bundle's reading of
/// it (issue #15 §2); a changed manifest is read again, and a policy file that went missing or
/// broke is reported exactly as a first load reports it.
/// </summary>
public sealed class ManifestReuseTests : IDisposable
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";
    private const string Bob = "arn:aws:iam::111122223333:user/bob";

    private const string Manifest = """
        {
          "format": 1,
          "users": { "arn:aws:iam::111122223333:user/alice": { "policies": ["allow-s3", "deny-delete"] } },
          "resources": { "arn:aws:s3:::shared": "bucket" },
          "organization": { "accounts": { "111122223333": { "scps": [["allow-all"]] } } }
        }
        """;

    private readonly TempBundle _directory = new(Manifest, TempBundle.StandardPolicies);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_same_manifest_is_not_read_again()
    {
        Bundle first = Load(previous: null);
        Assert.False(first.ReusedManifest);

        Bundle same = Load(first);
        Assert.True(same.ReusedManifest);
        Assert.Equal(first.Revision, same.Revision);
        Assert.Equal(first.PrincipalArns.ToArray(), same.PrincipalArns.ToArray());
        Assert.Equal(Decision.ExplicitDeny, BundleDecisions.Decide(same, Alice, "s3:DeleteObject"));
        Assert.Equal(Decision.Allow, BundleDecisions.Decide(same, Alice, "s3:GetObject"));

        // And again from the reloaded bundle.
        Assert.True(Load(same).ReusedManifest);
    }

    [Fact]
    public void A_changed_policy_file_under_the_same_manifest_is_decided_anew()
    {
        Bundle first = Load(previous: null);
        Write("policies/deny-delete.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}""");

        Bundle changed = Load(first);
        Assert.True(changed.ReusedManifest);
        Assert.NotEqual(first.Revision, changed.Revision);
        Assert.Equal(Decision.ExplicitDeny, BundleDecisions.Decide(changed, Alice, "s3:GetObject"));
        Assert.Equal(Decision.Allow, BundleDecisions.Decide(changed, Alice, "s3:DeleteObject"));
        Assert.Equal(BundleLoader.Load(_directory.Directory).Bundle!.Revision, changed.Revision);
    }

    [Fact]
    public void A_changed_manifest_is_read_again()
    {
        Bundle first = Load(previous: null);
        Write("bundle.json", Manifest.Replace("\"users\": {", "\"users\": { \"arn:aws:iam::111122223333:user/bob\": { \"policies\": [\"allow-all\"] },", StringComparison.Ordinal));

        Bundle changed = Load(first);
        Assert.False(changed.ReusedManifest);
        Assert.Equal(2, changed.PrincipalCount);
        Assert.Equal(Decision.Allow, BundleDecisions.Decide(changed, Bob, "ec2:RunInstances"));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("broken")]
    public void A_missing_or_broken_file_under_the_same_manifest_is_reported_as_a_first_load_reports_it(string how)
    {
        Bundle first = Load(previous: null);
        string file = Path.Combine(_directory.Directory, "policies", "bucket.json");
        if (how == "missing")
        {
            File.Delete(file);
        }
        else
        {
            File.WriteAllText(file, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""");
        }

        BundleLoadResult reload = BundleLoader.Load(_directory.Directory, first);
        BundleLoadResult fresh = BundleLoader.Load(_directory.Directory);
        Assert.Null(reload.Bundle);
        Assert.NotEmpty(reload.Errors);
        Assert.Equal(fresh.Errors.Select(e => e.ToString()), reload.Errors.Select(e => e.ToString()));
        Assert.Equal(how == "missing" ? "bundle.json" : "policies/bucket.json", reload.Errors[0].File);
    }

    private void Write(string relative, string text) => File.WriteAllText(Path.Combine(_directory.Directory, relative), text);

    private Bundle Load(Bundle? previous)
    {
        BundleLoadResult result = BundleLoader.Load(_directory.Directory, previous);
        Assert.Empty(result.Errors);
        return result.Bundle!;
    }
}
