using Engine.Host.Cli;

namespace Engine.Host.Tests.Cli;

/// <summary><c>engine eval</c> with the amended semantics: endpoint policies, trust policies that must allow, STS calls no policy controls.</summary>
public sealed class EvalAmendedSemanticsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("eval-amended-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string json)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void An_endpoint_policy_that_does_not_allow_denies_and_says_so()
    {
        string identity = Write("id.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""");
        string endpoint = Write("vpce.json", """{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"*"}]}""");
        var output = new StringWriter();
        Assert.Equal(0, EvalCommand.Run(
            ["--policy", identity, "--vpc-endpoint-policy", endpoint, "--principal", "arn:aws:iam::111122223333:user/alice",
             "--action", "s3:GetObject", "--resource", "arn:aws:s3:::amzn-s3-demo-bucket/a.txt"], output));
        string text = output.ToString();
        Assert.Contains("decision: ImplicitDeny", text, StringComparison.Ordinal);
        Assert.Contains("reasons: vpc-endpoint-no-allow", text, StringComparison.Ordinal);
        Assert.Contains("vpcEndpoint[0].Statement[0]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_endpoint_policy_lets_the_identity_policy_decide()
    {
        string identity = Write("id.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""");
        string endpoint = Write("vpce.json", """{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}""");
        var output = new StringWriter();
        Assert.Equal(0, EvalCommand.Run(
            ["--policy", identity, "--vpc-endpoint-policy", endpoint, "--principal", "arn:aws:iam::111122223333:user/alice",
             "--action", "s3:GetObject", "--resource", "arn:aws:s3:::amzn-s3-demo-bucket/a.txt"], output));
        Assert.Contains("decision: Allow", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_trust_policy_naming_the_account_says_what_would_allow()
    {
        string trust = Write("trust.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}""");
        var output = new StringWriter();
        Assert.Equal(0, EvalCommand.Run(
            ["--resource-policy", trust, "--principal", "arn:aws:iam::111122223333:user/alice",
             "--action", "sts:AssumeRole", "--resource", "arn:aws:iam::111122223333:role/deploy", "--engine", "reference"], output));
        string text = output.ToString();
        Assert.Contains("decision: ImplicitDeny", text, StringComparison.Ordinal);
        Assert.Contains("resource policy kind: roleTrustPolicy", text, StringComparison.Ordinal);
        Assert.Contains("reasons: account-delegation-identity-no-allow", text, StringComparison.Ordinal);
        Assert.Contains("the trust policy of role/deploy names account 111122223333 only: an identity policy of alice must also allow sts:AssumeRole", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_caller_identity_is_not_controlled_by_policy()
    {
        string deny = Write("deny.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}""");
        var output = new StringWriter();
        Assert.Equal(0, EvalCommand.Run(
            ["--policy", deny, "--principal", "arn:aws:iam::111122223333:user/alice", "--action", "sts:GetCallerIdentity", "--resource", "*"], output));
        string text = output.ToString();
        Assert.Contains("decision: Allow", text, StringComparison.Ordinal);
        Assert.Contains("rule: not-controlled-by-policy", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_applies_the_endpoint_policy_rules()
    {
        string endpoint = Write("vpce.json", """{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}""");
        var output = new StringWriter();
        Assert.Equal(1, ValidateCommand.Run([endpoint, "--kind", "vpc-endpoint"], output));
        string text = output.ToString();
        Assert.Contains("a statement of a VPC endpoint policy needs exactly one of `Principal` or `NotPrincipal`", text, StringComparison.Ordinal);
        Assert.Contains("a statement needs exactly one of `Resource` or `NotResource`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_policy_that_does_not_allow_the_caller_says_so_in_words()
    {
        string identity = Write("id.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}""");
        string key = Write("key.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/deploy"},"Action":"kms:*","Resource":"*"}]}""");
        var output = new StringWriter();
        Assert.Equal(0, EvalCommand.Run(
            ["--policy", identity, "--resource-policy", key, "--principal", "arn:aws:iam::111122223333:user/alice",
             "--action", "kms:Decrypt", "--resource", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"], output));
        string text = output.ToString();
        Assert.Contains("decision: ImplicitDeny", text, StringComparison.Ordinal);
        Assert.Contains("resource policy kind: keyPolicy", text, StringComparison.Ordinal);
        Assert.Contains("reasons: key-policy-no-allow", text, StringComparison.Ordinal);
        Assert.Contains("the key policy of key/1234abcd-12ab-34cd-56ef-1234567890ab does not allow arn:aws:iam::111122223333:user/alice", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_role_session_cannot_call_get_federation_token_whatever_the_policies()
    {
        string all = Write("all.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""");
        var output = new StringWriter();
        Assert.Equal(0, EvalCommand.Run(
            ["--policy", all, "--principal", "arn:aws:sts::111122223333:assumed-role/deploy/s1", "--action", "sts:GetFederationToken", "--resource", "*"], output));
        string text = output.ToString();
        Assert.Contains("decision: ImplicitDeny", text, StringComparison.Ordinal);
        Assert.Contains("reasons: credentials-cannot-call-action", text, StringComparison.Ordinal);
        Assert.Contains("role session credentials can never call sts:GetFederationToken; no policy can allow it", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_prints_the_findings_of_the_endpoint_policy_it_used()
    {
        string identity = Write("id.json", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""");
        string endpoint = Write("vpce.json", """{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"fals"}}}]}""");
        var output = new StringWriter();
        Assert.Equal(0, EvalCommand.Run(
            ["--policy", identity, "--vpc-endpoint-policy", endpoint, "--principal", "arn:aws:iam::111122223333:user/alice",
             "--action", "s3:GetObject", "--resource", "arn:aws:s3:::amzn-s3-demo-bucket/a.txt"], output));
        string text = output.ToString();
        Assert.Contains("reasons: vpc-endpoint-no-allow", text, StringComparison.Ordinal);
        Assert.Contains($"findings (engine validate):{Environment.NewLine}{endpoint}:1:", text, StringComparison.Ordinal);
        Assert.Contains("WARNING TYPE_MISMATCH_BOOLEAN", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_with_a_bundle_prints_the_findings_of_the_bundles_policies_it_used()
    {
        string bundle = Path.Combine(_directory, "bundle");
        Directory.CreateDirectory(Path.Combine(bundle, "policies"));
        File.WriteAllText(Path.Combine(bundle, "bundle.json"), """{"users":{"arn:aws:iam::111122223333:user/alice":{"policies":["alice"]}}}""");
        File.WriteAllText(Path.Combine(bundle, "policies", "alice.json"), """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"fals"}}}]}
            """);
        var output = new StringWriter();
        Assert.Equal(0, EvalCommand.Run(
            ["--bundle", bundle, "--principal", "arn:aws:iam::111122223333:user/alice", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::logs/a.txt"], output));
        string text = output.ToString();
        Assert.Contains("decision: ImplicitDeny", text, StringComparison.Ordinal);
        Assert.Contains("alice:2:", text, StringComparison.Ordinal);
        Assert.Contains("WARNING TYPE_MISMATCH_BOOLEAN", text, StringComparison.Ordinal);
    }
}
