using Engine.Bundles.Accounts;

namespace Engine.Bundles.Tests.Accounts;

/// <summary>Located errors (file, JSON path, line:column) for faults in authorization-details files.</summary>
public sealed class AuthorizationDetailsErrorTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "account-errors-" + Guid.NewGuid().ToString("N"));

    public AuthorizationDetailsErrorTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_managed_policy_found_nowhere_is_an_error_at_its_attachment()
    {
        BundleError error = Assert.Single(Load("""
            {"UserDetailList":[
              {"UserName":"alice","UserId":"AIDA1","Arn":"arn:aws:iam::111122223333:user/alice",
               "AttachedManagedPolicies":[{"PolicyName":"Gone","PolicyArn":"arn:aws:iam::111122223333:policy/Gone"}]}]}
            """).Errors);
        Assert.Equal("a.json", error.File);
        Assert.Equal("$.UserDetailList[0].AttachedManagedPolicies[0].PolicyArn", error.Path);
        Assert.Equal((3, 64), (error.Location.Line, error.Location.Column));
        Assert.Contains("managed policy `arn:aws:iam::111122223333:policy/Gone` is attached but no file given lists it in `Policies`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aws_managed_policy_missing_from_the_bundled_copy_is_an_error()
    {
        BundleError error = Assert.Single(Load("""
            {"RoleDetailList":[{"RoleName":"r","RoleId":"AROA1","Arn":"arn:aws:iam::111122223333:role/r",
              "AttachedManagedPolicies":[{"PolicyName":"NoSuchPolicy","PolicyArn":"arn:aws:iam::aws:policy/NoSuchPolicy"}]}]}
            """).Errors);
        Assert.Equal("$.RoleDetailList[0].AttachedManagedPolicies[0].PolicyArn", error.Path);
        Assert.StartsWith("AWS managed policy `arn:aws:iam::aws:policy/NoSuchPolicy` is neither in the files given", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_url_encoded_document_is_an_error_at_the_string()
    {
        BundleError error = Assert.Single(Load("""
            {"UserDetailList":[{"UserName":"alice","Arn":"arn:aws:iam::111122223333:user/alice",
              "UserPolicyList":[{"PolicyName":"p","PolicyDocument":"%7B%22Version%2G"}]}]}
            """).Errors);
        Assert.Equal("$.UserDetailList[0].UserPolicyList[0].PolicyDocument", error.Path);
        Assert.Equal((2, 56), (error.Location.Line, error.Location.Column));
        Assert.Equal("malformed URL-encoded policy document: `%2G` at character 14 is not `%` and two hex digits", error.Message);
    }

    [Fact]
    public void A_policy_error_inside_a_decoded_object_carries_the_file_position()
    {
        BundleError error = Assert.Single(Load("""
            {"UserDetailList":[{"UserName":"alice","Arn":"arn:aws:iam::111122223333:user/alice",
              "UserPolicyList":[{"PolicyName":"p","PolicyDocument":
                {"Version":"2012-10-17","Statement":[{"Effect":"Alow","Action":"s3:*","Resource":"*"}]}}]}]}
            """).Errors);
        Assert.Equal("$.UserDetailList[0].UserPolicyList[0].PolicyDocument.Statement[0].Effect", error.Path);
        Assert.Equal(3, error.Location.Line);
        Assert.Equal(52, error.Location.Column);
    }

    [Fact]
    public void Unknown_members_are_ignored_but_a_file_of_another_shape_is_refused()
    {
        BundleLoadResult ok = Load("""
            {"UserDetailList":[{"UserName":"alice","Arn":"arn:aws:iam::111122223333:user/alice","SomethingNew":{"x":1}}],
             "NewTopLevelList":[]}
            """);
        Assert.Empty(ok.Errors);
        Assert.Equal(1, ok.Bundle!.PrincipalCount);

        BundleError error = Assert.Single(Load("""{"Users":[]}""").Errors);
        Assert.Contains("is not `aws iam get-account-authorization-details` output", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pages_merge_repeats_must_agree_and_the_last_page_must_be_there()
    {
        const string Page1 = """{"UserDetailList":[{"UserName":"a","Arn":"arn:aws:iam::111122223333:user/a"}],"IsTruncated":true,"Marker":"m"}""";
        const string Page2 = """{"UserDetailList":[{"UserName":"b","Arn":"arn:aws:iam::111122223333:user/b"},{"UserName":"a","Arn":"arn:aws:iam::111122223333:user/a"}],"IsTruncated":false}""";
        BundleLoadResult merged = Load(Page1, Page2);
        Assert.Empty(merged.Errors);
        Assert.Equal(2, merged.Bundle!.PrincipalCount);

        BundleError truncated = Assert.Single(Load(Page1).Errors);
        Assert.Equal("$.IsTruncated", truncated.Path);

        const string Conflict = """{"UserDetailList":[{"UserName":"a","Arn":"arn:aws:iam::111122223333:user/a","Tags":[{"Key":"k","Value":"v"}]}]}""";
        BundleError conflict = Assert.Single(Load(Page2, Conflict).Errors);
        Assert.Equal("b.json", conflict.File);
        Assert.Contains("appears again in `UserDetailList` with different content", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_manifest_adds_scps_and_resource_policies_to_an_account_file()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "policies"));
        File.WriteAllText(Path.Combine(_directory, "policies", "allow-all.json"), """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");
        File.WriteAllText(Path.Combine(_directory, "policies", "deny-s3.json"), """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}""");
        File.WriteAllText(Path.Combine(_directory, "account.json"), """
            {"UserDetailList":[{"UserName":"a","Arn":"arn:aws:iam::111122223333:user/a",
              "UserPolicyList":[{"PolicyName":"all","PolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}]}]}
            """);
        File.WriteAllText(Path.Combine(_directory, "bundle.json"), """
            {"authorizationDetails":["account.json"],
             "organization":{"accounts":{"111122223333":{"scps":[["allow-all"],["allow-all","deny-s3"]]}}}}
            """);
        BundleLoadResult result = BundleSources.Load([_directory]);
        Assert.Empty(result.Errors);
        Assert.True(result.Bundle!.TryGetPolicySet("arn:aws:iam::111122223333:user/a", "*", null, out Engine.Compiler.Model.PolicySet? set));
        Assert.Equal(2, set.Scps!.Value.Length);
    }

    private BundleLoadResult Load(params string[] pages)
    {
        var files = new List<string>();
        for (int i = 0; i < pages.Length; i++)
        {
            string file = Path.Combine(_directory, $"{(char)('a' + i)}.json");
            File.WriteAllText(file, pages[i]);
            files.Add(file);
        }

        BundleLoadResult result = AuthorizationDetailsLoader.Load(files);

        // Errors name files as given; the tests compare the short names.
        return result with { Errors = [.. result.Errors.Select(e => e with { File = Path.GetFileName(e.File) })] };
    }
}
