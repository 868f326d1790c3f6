using Engine.Host.Cli;

namespace Engine.Host.Tests.Bundles;

/// <summary>
/// The examples of docs/bundles.md, docs/accounts.md and docs/cli.md for VPC endpoints, trust
/// policies and key policies, run on the files in <c>examples/</c> (copied beside the engine).
/// </summary>
public sealed class DocumentedBundleExamplesTests
{
    private static readonly string s_examples = Path.Combine(AppContext.BaseDirectory, "examples");

    [Theory]
    [InlineData("arn:aws:s3:::other/a.txt", "decision: ImplicitDeny", "vpc endpoint: `vpce-1a2b3c4d` (policy `reports-endpoint`)")]
    [InlineData("arn:aws:s3:::reports/q1.csv", "decision: Allow", "vpc endpoint: `vpce-1a2b3c4d` (policy `reports-endpoint`)")]
    public void Eval_through_the_example_endpoint(string resource, string decision, string endpoint)
    {
        string text = Run(EvalCommand.Run, [
            "--bundle", "examples/bundles/vpc-endpoint", "--principal", "arn:aws:iam::111122223333:user/alice",
            "--action", "s3:GetObject", "--resource", resource, "--context", "aws:SourceVpce=vpce-1a2b3c4d"]);
        Assert.StartsWith($"{decision}\n{endpoint}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_of_the_example_trust_policy()
    {
        string text = Run(EvalCommand.Run, [
            "--bundle", "examples/accounts/trust-and-keys.json", "--principal", "arn:aws:iam::111122223333:user/alice",
            "--action", "sts:AssumeRole", "--resource", "arn:aws:iam::111122223333:role/deploy"]);
        Assert.StartsWith("""
            decision: ImplicitDeny
            resource policy kind: roleTrustPolicy
            reasons: role-trust-policy-no-allow
              the trust policy of role/deploy does not allow arn:aws:iam::111122223333:user/alice: it must name the caller, its role, its account or *, whatever the identity policies allow

            """.ReplaceLineEndings("\n"), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Who_can_assume_the_example_role_and_use_the_example_key()
    {
        string assume = Run(WhoCanCommand.Run, [
            "--bundle", "examples/accounts/trust-and-keys.json", "--action", "sts:AssumeRole", "--resource", "arn:aws:iam::111122223333:role/deploy"]);
        string decrypt = Run(WhoCanCommand.Run, [
            "--bundle", "examples/accounts/trust-and-keys.json", "--key-policies", "examples/accounts/key-policies",
            "--action", "kms:Decrypt", "--resource", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]);
        Assert.Equal("""
            arn:aws:iam::111122223333:user/bob  deploy trust policy  resource.Statement[0] Allow
            1 of 3 principals allowed

            """.ReplaceLineEndings("\n"), assume);
        Assert.Equal("""
            arn:aws:iam::111122223333:user/bob  1234abcd-12ab-34cd-56ef-1234567890ab key policy  resource.Statement[0] (Sid "AllowBobToUseTheKey") Allow
            1 of 3 principals allowed

            """.ReplaceLineEndings("\n"), decrypt);
    }

    [Fact]
    public void Eval_of_the_example_key_policy()
    {
        string text = Run(EvalCommand.Run, [
            "--bundle", "examples/accounts/trust-and-keys.json", "--key-policies", "examples/accounts/key-policies",
            "--principal", "arn:aws:iam::111122223333:user/alice", "--action", "kms:Decrypt",
            "--resource", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]);
        Assert.StartsWith("decision: ImplicitDeny\nresource policy kind: keyPolicy\nreasons: key-policy-no-allow\n", text, StringComparison.Ordinal);
    }

    // The documented command, its `examples/` paths taken from beside the engine.
    private static string Run(Func<IReadOnlyList<string>, TextWriter, int> command, string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        string[] located = [.. args.Select(a => a.StartsWith("examples/", StringComparison.Ordinal) ? Path.Combine(s_examples, a["examples/".Length..]) : a)];
        Assert.Equal(0, command(located, output));
        return output.ToString();
    }
}
