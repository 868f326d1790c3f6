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
}
