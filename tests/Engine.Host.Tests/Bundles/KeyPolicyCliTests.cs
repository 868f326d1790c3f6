using Engine.Host.Cli;
using Engine.Host.Server;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Tests.Bundles;

/// <summary><c>--key-policies DIR</c> with an account file: the key policy must allow (amendments §15.7).</summary>
public sealed class KeyPolicyCliTests : IDisposable
{
    private const string Key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private readonly string _directory = Directory.CreateTempSubdirectory("key-policies-cli-").FullName;
    private readonly string _account;
    private readonly string _keys;

    public KeyPolicyCliTests()
    {
        // alice and bob may decrypt with any key by their identity policies; the key's policy names bob.
        _account = Path.Combine(_directory, "account.json");
        File.WriteAllText(_account, """
            {
              "UserDetailList": [
                { "UserName": "alice", "UserId": "AIDA1", "Arn": "arn:aws:iam::111122223333:user/alice",
                  "UserPolicyList": [ { "PolicyName": "decrypt", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" } ] } } ] },
                { "UserName": "bob", "UserId": "AIDA2", "Arn": "arn:aws:iam::111122223333:user/bob",
                  "UserPolicyList": [ { "PolicyName": "decrypt", "PolicyDocument": { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" } ] } } ] }
              ]
            }
            """);
        _keys = Path.Combine(_directory, "keys");
        Directory.CreateDirectory(_keys);
        File.WriteAllText(Path.Combine(_keys, "1234abcd-12ab-34cd-56ef-1234567890ab.json"), """
            { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:user/bob" }, "Action": "kms:*", "Resource": "*" } ] }
            """);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Who_can_decrypt_lists_only_the_principal_the_key_policy_names()
    {
        var output = new StringWriter();
        Assert.Equal(0, WhoCanCommand.Run(["--bundle", _account, "--key-policies", _keys, "--action", "kms:Decrypt", "--resource", Key], output));
        string text = output.ToString();
        Assert.Contains("arn:aws:iam::111122223333:user/bob", text, StringComparison.Ordinal);
        Assert.DoesNotContain("user/alice", text, StringComparison.Ordinal);
        Assert.Contains("1 of 2 principals allowed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_says_the_key_policy_did_not_allow()
    {
        var output = new StringWriter();
        Assert.Equal(0, EvalCommand.Run(
            ["--bundle", _account, "--key-policies", _keys, "--principal", "arn:aws:iam::111122223333:user/alice", "--action", "kms:Decrypt", "--resource", Key], output));
        string text = output.ToString();
        Assert.Contains("decision: ImplicitDeny", text, StringComparison.Ordinal);
        Assert.Contains("resource policy kind: keyPolicy", text, StringComparison.Ordinal);
        Assert.Contains("reasons: key-policy-no-allow", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_decides_with_the_key_policies_and_reloads_a_changed_one()
    {
        ServeOptions serve = ServeCommand.ParseOptions(
            ["--bundle", _account, "--key-policies", _keys, "--no-watch", "--listen", "127.0.0.1:0"], TextWriter.Null, loggerFactory: null)!;
        Assert.Equal(_keys, serve.KeyPolicyDirectory);
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<DecisionServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> run = ServeCommand.RunAsync(serve, TextWriter.Null, server => started.TrySetResult(server), stop.Token);
        DecisionServer server = await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        try
        {
            await using EngineClient client = await EngineClient.ConnectAsync(server.LocalAddress);
            Assert.Equal(Decision.Allow, (await client.QueryAsync("arn:aws:iam::111122223333:user/bob", "kms:Decrypt", Key)).Decision);
            Assert.Equal(Decision.ImplicitDeny, (await client.QueryAsync("arn:aws:iam::111122223333:user/alice", "kms:Decrypt", Key)).Decision);

            // A key policy naming the account delegates to the identity policies: alice may now.
            File.WriteAllText(Path.Combine(_keys, "1234abcd-12ab-34cd-56ef-1234567890ab.json"), """
                { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "kms:*", "Resource": "*" } ] }
                """);
            Assert.True(server.Reload());
            Assert.Equal(Decision.Allow, (await client.QueryAsync("arn:aws:iam::111122223333:user/alice", "kms:Decrypt", Key)).Decision);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        }
    }

    [Fact]
    public void Key_policies_without_a_bundle_are_a_usage_error()
    {
        UsageException error = Assert.Throws<UsageException>(() => EvalCommand.Run(
            ["--policy", _account, "--key-policies", _keys, "--principal", "arn:aws:iam::111122223333:user/alice", "--action", "kms:Decrypt", "--resource", Key], TextWriter.Null));
        Assert.Equal("--key-policies adds key policies to a bundle; give --bundle too", error.Message);
        error = Assert.Throws<UsageException>(() => ServeCommand.ParseOptions(["--key-policies", _keys], TextWriter.Null, loggerFactory: null));
        Assert.Equal("--key-policies adds key policies to a bundle; give --bundle too", error.Message);
    }
}
