using Engine.Bundles.Accounts;
using Engine.Compiler;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles.Tests.Accounts;

/// <summary>
/// Account files under the amended semantics (amendments §15.7): a role's trust policy and a KMS
/// key's policy must allow even within one account. Trust policies come from the file; customer
/// managed key policies from a folder (<c>--key-policies DIR</c>, docs/accounts.md).
/// </summary>
public sealed class AccountMustAllowTests : IDisposable
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";
    private const string Bob = "arn:aws:iam::111122223333:user/bob";
    private const string Deploy = "arn:aws:iam::111122223333:role/deploy";
    private const string KeyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private const string Key = "arn:aws:kms:us-east-1:111122223333:key/" + KeyId;
    private const string RegionalKey = "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab";

    // Both users' identity policies allow sts:AssumeRole and kms:Decrypt on everything; the trust
    // policy of role/deploy names bob only.
    private const string Account = """
        {
          "UserDetailList": [
            { "UserName": "alice", "UserId": "AIDA1", "Arn": "arn:aws:iam::111122223333:user/alice",
              "UserPolicyList": [ { "PolicyName": "assume-and-decrypt", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["sts:AssumeRole", "kms:Decrypt"], "Resource": "*" } ] } } ] },
            { "UserName": "bob", "UserId": "AIDA2", "Arn": "arn:aws:iam::111122223333:user/bob",
              "UserPolicyList": [ { "PolicyName": "assume-and-decrypt", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": ["sts:AssumeRole", "kms:Decrypt"], "Resource": "*" } ] } } ] }
          ],
          "RoleDetailList": [
            { "RoleName": "deploy", "RoleId": "AROA1", "Arn": "arn:aws:iam::111122223333:role/deploy",
              "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:user/bob" }, "Action": "sts:AssumeRole" } ] } }
          ]
        }
        """;

    private const string KeyPolicyNamingBob = """{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:user/bob" }, "Action": "kms:*", "Resource": "*" } ] }""";
    private const string KeyPolicyNamingTheAccount = """{ "Version": "2012-10-17", "Statement": [ { "Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" } ] }""";

    private readonly string _directory = Directory.CreateTempSubdirectory("account-must-allow-").FullName;
    private readonly string _account;
    private readonly string _keys;

    public AccountMustAllowTests()
    {
        _account = Path.Combine(_directory, "account.json");
        File.WriteAllText(_account, Account);
        _keys = Path.Combine(_directory, "keys");
        Directory.CreateDirectory(_keys);
        File.WriteAllText(Path.Combine(_keys, KeyId + ".json"), KeyPolicyNamingBob);
        File.WriteAllText(Path.Combine(_keys, RegionalKey.Replace("/", "%2F", StringComparison.Ordinal) + ".json"), KeyPolicyNamingTheAccount);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(Alice, Decision.ImplicitDeny, "role-trust-policy-no-allow")]
    [InlineData(Bob, Decision.Allow, null)]
    public void A_roles_trust_policy_must_name_the_caller(string caller, Decision expected, string? reason)
    {
        Bundle bundle = Load(keyPolicies: null);
        Assert.Equal(expected, Decide(bundle, caller, "sts:AssumeRole", Deploy, reason));
    }

    [Theory]
    [InlineData(Alice, Key, Decision.ImplicitDeny, "key-policy-no-allow")]
    [InlineData(Bob, Key, Decision.Allow, null)]
    // The ARN-named file names the account: the identity policies decide (delegation).
    [InlineData(Alice, RegionalKey, Decision.Allow, null)]
    public void A_key_policy_from_the_folder_must_allow(string caller, string key, Decision expected, string? reason)
    {
        Bundle bundle = Load(_keys);
        Assert.Equal(expected, Decide(bundle, caller, "kms:Decrypt", key, reason));
    }

    [Fact]
    public void A_key_whose_policy_is_not_given_is_denied_as_AWS_denies_a_key_policy_that_does_not_allow()
    {
        // Every KMS key has a key policy; one the bundle lacks is taken as allowing no one (fail closed).
        Assert.Equal(Decision.ImplicitDeny, Decide(Load(keyPolicies: null), Bob, "kms:Decrypt", Key, "key-policy-no-allow"));
        Assert.Equal(Decision.ImplicitDeny, Decide(Load(_keys), Bob, "kms:Decrypt", "arn:aws:kms:us-east-1:111122223333:key/0000aaaa-0000-0000-0000-000000000000", "key-policy-no-allow"));
    }

    [Fact]
    public void A_bundle_directory_takes_the_folder_too()
    {
        string bundle = Path.Combine(_directory, "bundle");
        Directory.CreateDirectory(bundle);
        File.Copy(_account, Path.Combine(bundle, "account.json"));
        File.WriteAllText(Path.Combine(bundle, "bundle.json"), """{ "authorizationDetails": ["account.json"] }""");
        BundleLoadResult result = BundleSources.Load([bundle], _keys);
        Assert.Empty(result.Errors);
        Assert.Equal(Decision.Allow, Decide(result.Bundle!, Bob, "kms:Decrypt", Key, null));
        Assert.Equal(Decision.ImplicitDeny, Decide(result.Bundle!, Alice, "kms:Decrypt", Key, "key-policy-no-allow"));
    }

    [Fact]
    public void A_changed_key_policy_is_a_new_revision()
    {
        Bundle before = Load(_keys);
        File.WriteAllText(Path.Combine(_keys, KeyId + ".json"), KeyPolicyNamingTheAccount);
        Bundle after = Load(_keys);
        Assert.NotEqual(before.Revision, after.Revision);
        Assert.Equal(Decision.Allow, Decide(after, Alice, "kms:Decrypt", Key, null));
    }

    [Theory]
    [InlineData("alias%2Freports.json", "the file name `alias/reports` is neither a KMS key id nor a key ARN (`arn:PARTITION:kms:REGION:ACCOUNT:key/ID`, its `/` written `%2F`)")]
    [InlineData("arn:aws:s3:::reports.json", "the file name `arn:aws:s3:::reports` is neither a KMS key id nor a key ARN (`arn:PARTITION:kms:REGION:ACCOUNT:key/ID`, its `/` written `%2F`)")]
    public void A_file_name_that_names_no_key_is_an_error(string file, string message)
    {
        File.WriteAllText(Path.Combine(_keys, file), KeyPolicyNamingBob);
        BundleError error = Assert.Single(BundleSources.Load([_account], _keys).Errors);
        Assert.Equal(Path.Combine(_keys, file), error.File);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Two_files_for_one_key_are_an_error()
    {
        string byArn = Key.Replace("/", "%2F", StringComparison.Ordinal) + ".json";
        File.WriteAllText(Path.Combine(_keys, byArn), KeyPolicyNamingBob);
        BundleError error = Assert.Single(BundleSources.Load([_account], _keys).Errors);

        // Files are read in ordinal order of their names: the second one is at fault.
        Assert.Equal(Path.Combine(_keys, byArn), error.File);
        Assert.Equal($"key `{KeyId}` already has a policy in `{Path.Combine(_keys, KeyId + ".json")}`; give each key's policy once", error.Message);
    }

    [Fact]
    public void A_bad_key_policy_is_located_in_its_file()
    {
        File.WriteAllText(Path.Combine(_keys, KeyId + ".json"), """
            { "Version": "2012-10-17",
              "Statement": [ { "Effect": "Allow", "Action": "kms:*", "Resource": "*" } ] }
            """);
        BundleError error = Assert.Single(BundleSources.Load([_account], _keys).Errors);
        Assert.Equal(Path.Combine(_keys, KeyId + ".json"), error.File);
        Assert.Equal("$.Statement[0]", error.Path);
        Assert.Equal(2, error.Location.Line);
        Assert.EndsWith("(as a key policy)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_an_error()
    {
        BundleError error = Assert.Single(BundleSources.Load([_account], Path.Combine(_directory, "nope")).Errors);
        Assert.Equal($"there is no key policy folder `{Path.Combine(_directory, "nope")}`", error.Message);
    }

    private Bundle Load(string? keyPolicies)
    {
        BundleLoadResult result = BundleSources.Load([_account], keyPolicies);
        Assert.Empty(result.Errors);
        return result.Bundle!;
    }

    // Both engines; the reference's reasons hold the expected one.
    private static Decision Decide(Bundle bundle, string caller, string action, string resource, string? reason)
    {
        var query = new AuthorizationQuery(caller, action, resource, null, []);
        Assert.True(bundle.TryGetPolicySet(query, out PolicySet? set));
        ReferenceDecision reference = ReferenceEvaluator.Evaluate(set, query);
        if (reason is not null)
        {
            Assert.Contains(reason, reference.Reasons);
        }

        var request = new AuthorizationRequest();
        QueryRequests.Fill(request, query);
        Assert.True(bundle.TryResolve(request, out CompiledPolicySet? compiled));
        Assert.Equal(reference.Decision, compiled.Evaluate(request).Decision);
        return reference.Decision;
    }
}
