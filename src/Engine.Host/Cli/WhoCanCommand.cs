using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Engine.Bundles;
using Engine.Bundles.Accounts;

namespace Engine.Host.Cli;

/// <summary><c>engine who-can</c>: every principal of a bundle allowed to do one thing, with the statement that allows it.</summary>
internal static class WhoCanCommand
{
    public const string Usage = """
        usage: engine who-can --bundle PATH... --action SERVICE:ACTION --resource ARN [options]

        Lists every user and role of the bundle allowed to perform the action on the resource,
        with the policy and statement that allow each. A role stands for its sessions (a role
        session is asked as the role ARN, iam-semantics.md §1.2).

        options:
          --bundle PATH            a bundle directory, or authorization-details files (repeatable)
          --key-policies DIR       customer managed KMS key policies: DIR/NAME.json is the policy
                                   of the key whose id (or ARN, `/` written %2F) is NAME
          --action A               service:Action
          --resource R             the resource ARN, or * (default *)
          --resource-account ID    the account owning the resource (else read from the ARN)
          --context KEY=VALUE      a context key every request carries (repeatable)
          --derive-context         add each principal's aws:username, aws:userid, aws:PrincipalArn,
                                   aws:PrincipalAccount, aws:PrincipalType, aws:PrincipalTag/*
          --json                   one JSON object per allowed principal
          --time                   print load and query times to standard error

        example:
          engine who-can --bundle account.json --action s3:DeleteBucket --resource arn:aws:s3:::reports
          engine who-can --bundle account.json --key-policies keys/ --action kms:Decrypt \
            --resource arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        CommandLine line = CommandLine.Parse(args, new HashSet<string> { "--json", "--derive-context", "--time" }, new HashSet<string> { "--bundle", "--key-policies", "--action", "--resource", "--resource-account", "--context" });
        if (line.ShowHelp(Usage, output))
        {
            return 0;
        }

        line.RejectPositionals();

        string action = line.One("--action") ?? throw new UsageException("--action is required");
        string resource = line.One("--resource") ?? "*";
        var clock = Stopwatch.StartNew();
        Bundle bundle = BundleOption.Load(line);
        TimeSpan load = clock.Elapsed;
        clock.Restart();
        ImmutableArray<AllowedPrincipal> allowed = AccountQueries.WhoCan(
            bundle, action, resource, line.One("--resource-account"), BundleOption.Context(line.All("--context")), line.Has("--derive-context"));
        TimeSpan query = clock.Elapsed;

        foreach (AllowedPrincipal principal in allowed)
        {
            if (line.Has("--json"))
            {
                output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string?>
                {
                    ["principal"] = principal.Principal,
                    ["policy"] = principal.PolicyName,
                    ["statement"] = principal.Statement.ToString(),
                }));
            }
            else
            {
                output.WriteLine($"{principal.Principal}  {principal.PolicyName ?? "?"}  {principal.Statement}");
            }
        }

        if (!line.Has("--json"))
        {
            output.WriteLine($"{allowed.Length} of {bundle.PrincipalCount} principals allowed");
        }

        if (line.Has("--time"))
        {
            Console.Error.WriteLine($"load {load.TotalMilliseconds:F0} ms ({bundle.PrincipalCount} principals, {bundle.ProfileCount} profiles), who-can {query.TotalMilliseconds:F1} ms");
        }

        return 0;
    }
}
