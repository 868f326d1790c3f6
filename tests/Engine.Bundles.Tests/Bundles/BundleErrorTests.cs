using Engine.Compiler.Model;
using Engine.Testing.Bundles;

namespace Engine.Bundles.Tests.Bundles;

public sealed class BundleErrorTests
{
    private static BundleError Single(string manifest, params (string, string)[] policies)
    {
        using var bundle = new TempBundle(manifest, policies.Length == 0 ? TempBundle.StandardPolicies : policies);
        BundleLoadResult result = BundleLoader.Load(bundle.Directory);
        Assert.Null(result.Bundle);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Unknown_policy_name_is_located_at_the_name()
    {
        BundleError error = Single("""
            {
              "users": {
                "arn:aws:iam::111122223333:user/alice": { "policies": ["allow-all", "Allow-S3"] }
              }
            }
            """);

        Assert.Equal("bundle.json", error.File);
        Assert.Equal("$.users['arn:aws:iam::111122223333:user/alice'].policies[1]", error.Path);
        Assert.Equal(new SourceLocation(3, 73), error.Location);
        Assert.Equal("unknown policy `Allow-S3`: there is no file policies/Allow-S3.json (names are case-sensitive: did you mean `allow-s3`?)", error.Message);
    }

    [Fact]
    public void Bad_json_in_the_manifest_is_located()
    {
        BundleError error = Single("""
            {
              "users": {
                "arn:aws:iam::111122223333:user/alice": { "policies": ["allow-all",] }
              }
            }
            """);

        Assert.Equal(3, error.Location.Line);
        Assert.StartsWith("invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_principal_is_reported_at_the_second_occurrence()
    {
        BundleError error = Single("""
            {
              "users": {
                "arn:aws:iam::111122223333:user/alice": { "policies": ["allow-all"] },
                "arn:aws:iam::111122223333:user/alice": { "policies": ["allow-s3"] }
              }
            }
            """);

        Assert.Equal(new SourceLocation(4, 5), error.Location);
        Assert.Equal("member `arn:aws:iam::111122223333:user/alice` appears twice", error.Message);
    }

    [Fact]
    public void Same_user_name_under_two_paths_is_a_duplicate()
    {
        BundleError error = Single("""
            {
              "users": {
                "arn:aws:iam::111122223333:user/alice": {},
                "arn:aws:iam::111122223333:user/eng/Alice": {}
              }
            }
            """);

        Assert.Equal(4, error.Location.Line);
        Assert.Contains("user name `Alice` of account `111122223333` is already used by `arn:aws:iam::111122223333:user/alice`", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("users", "arn:aws:iam::111122223333:role/admin", "`arn:aws:iam::111122223333:role/admin` is a role ARN, not a user ARN; list it under `roles`")]
    [InlineData("roles", "arn:aws:iam::111122223333:user/alice", "`arn:aws:iam::111122223333:user/alice` is a user ARN, not a role ARN; list it under `users`")]
    [InlineData("roles", "arn:aws:sts::111122223333:assumed-role/admin/s1", "`arn:aws:sts::111122223333:assumed-role/admin/s1` is a role session; list its role under `roles` (sessions resolve to their role)")]
    [InlineData("users", "arn:aws:iam::1111:user/alice", "`arn:aws:iam::1111:user/alice` is not a user ARN (`arn:PARTITION:iam::ACCOUNT:user/NAME`)")]
    [InlineData("users", "alice", "`alice` is not a user ARN (`arn:PARTITION:iam::ACCOUNT:user/NAME`)")]
    public void Principal_of_the_wrong_kind(string section, string arn, string message)
    {
        BundleError error = Single($$"""
            {
              "{{section}}": {
                "{{arn}}": { "policies": ["allow-all"] }
              }
            }
            """);

        Assert.Equal(arn.Contains(':', StringComparison.Ordinal) ? $"$.{section}['{arn}']" : $"$.{section}.{arn}", error.Path);
        Assert.Equal(new SourceLocation(3, 5), error.Location);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Unknown_member_lists_the_expected_ones()
    {
        BundleError error = Single("""
            {
              "users": {
                "arn:aws:iam::111122223333:user/alice": { "policy": ["allow-all"] }
              }
            }
            """);

        Assert.Equal("$.users['arn:aws:iam::111122223333:user/alice'].policy", error.Path);
        Assert.Equal(new SourceLocation(3, 47), error.Location);
        Assert.Equal("unknown member `policy` in a user; expected one of `description`, `policies`, `groups`, `permissionsBoundary`", error.Message);
    }

    [Fact]
    public void Invalid_policy_file_is_located_in_that_file()
    {
        BundleError error = Single(
            """{ "users": { "arn:aws:iam::111122223333:user/alice": { "policies": ["broken"] } } }""",
            ("broken", "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\"}]\n}"));

        Assert.Equal("policies/broken.json", error.File);
        Assert.Equal(3, error.Location.Line);
        Assert.EndsWith("(as an identity policy)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_is_reported_in_file_order()
    {
        using var bundle = new TempBundle(
            """
            {
              "colour": "blue",
              "groups": { "devs": { "policies": ["nope"] } },
              "users": {
                "arn:aws:iam::111122223333:user/alice": { "groups": ["devs", "ops"], "permissionsBoundary": 7 }
              },
              "resources": { "arn:aws:s3:::bucket/*": "bucket" },
              "organization": { "accounts": { "1234": { "scps": ["allow-all"] } } }
            }
            """,
            TempBundle.StandardPolicies);

        BundleLoadResult result = BundleLoader.Load(bundle.Directory);

        Assert.Null(result.Bundle);
        Assert.Equal(
        [
            "bundle.json: unknown member `colour` in the manifest; expected one of `format`, `description`, `users`, `groups`, `roles`, `resources`, `vpcEndpoints`, `organization`, `authorizationDetails` at $.colour (line 2, column 3)",
            "bundle.json: unknown policy `nope`: there is no file policies/nope.json at $.groups.devs.policies[0] (line 3, column 38)",
            "bundle.json: unknown group `ops`; groups are listed under `groups` at $.users['arn:aws:iam::111122223333:user/alice'].groups[1] (line 5, column 66)",
            "bundle.json: `permissionsBoundary` must be a policy name, not a number at $.users['arn:aws:iam::111122223333:user/alice'].permissionsBoundary (line 5, column 97)",
            "bundle.json: resource `arn:aws:s3:::bucket/*` is a pattern; resource keys are exact ARNs (a bucket's ARN also covers its objects) at $.resources['arn:aws:s3:::bucket/*'] (line 7, column 18)",
            "bundle.json: `1234` is not a 12-digit account id at $.organization.accounts.1234 (line 8, column 35)",
        ],
            result.Errors.Select(e => e.ToString()).ToArray());
    }

    [Fact]
    public void Scp_level_written_as_a_name_says_how_to_write_it()
    {
        BundleError error = Single("""{ "organization": { "accounts": { "111122223333": { "scps": ["allow-all"] } } } }""");

        Assert.Equal("$.organization.accounts.111122223333.scps[0]", error.Path);
        Assert.Equal("each level of `scps` must be a list of policy names; write [`allow-all`] for a level with one policy", error.Message);
    }

    [Fact]
    public void Missing_directory_and_manifest_are_errors()
    {
        BundleLoadResult missing = BundleLoader.Load(Path.Combine(Path.GetTempPath(), "no-such-bundle-" + Guid.NewGuid().ToString("N")));
        Assert.Null(missing.Bundle);
        Assert.StartsWith("there is no bundle directory", Assert.Single(missing.Errors).Message, StringComparison.Ordinal);

        string empty = Directory.CreateTempSubdirectory("bundle-test-").FullName;
        try
        {
            BundleError error = Assert.Single(BundleLoader.Load(empty).Errors);
            Assert.EndsWith("has no bundle.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void A_resource_policy_without_principal_is_an_error_in_its_file()
    {
        BundleError error = Single(
            """{ "resources": { "arn:aws:s3:::b": "p" } }""",
            ("p", TempBundle.AllowAll));

        Assert.Equal("policies/p.json", error.File);
        Assert.EndsWith("(as a resource policy)", error.Message, StringComparison.Ordinal);
    }
}
