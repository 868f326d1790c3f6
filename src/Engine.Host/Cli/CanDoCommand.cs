using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Engine.Bundles;
using Engine.Bundles.Accounts;

namespace Engine.Host.Cli;

/// <summary><c>engine can-do</c>: the catalog actions one principal of a bundle may perform, by service and access level.</summary>
internal static class CanDoCommand
{
    public const string Usage = """
        usage: engine can-do --bundle PATH... --principal ARN [options]

        Tries every action of the IAM action catalog (aws/iam-actions.tsv beside the engine) for
        the principal on the resource and lists those allowed, grouped by service and access level.
        On `*` (the default) only grants whose Resource matches `*` count (iam-semantics.md §5.4).

        options:
          --bundle PATH            a bundle directory, or authorization-details files (repeatable)
          --key-policies DIR       customer managed KMS key policies: DIR/NAME.json is the policy
                                   of the key whose id (or ARN, `/` written %2F) is NAME
          --principal ARN          a user or role of the bundle, or a session of one of its roles
          --service S              only actions of this service prefix (repeatable)
          --resource R             the resource ARN, or * (default *)
          --resource-account ID    the account owning the resource (else read from the ARN)
          --context KEY=VALUE      a context key (repeatable)
          --derive-context         add the principal's own aws:username, aws:PrincipalTag/*, …
          --catalog FILE           another action catalog (.tsv: action, access level, …)
          --json                   one JSON object per allowed action
          --time                   print load and query times to standard error

        example:
          engine can-do --bundle account.json --principal arn:aws:iam::111122223333:user/alice --service s3
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        CommandLine line = CommandLine.Parse(
            args,
            new HashSet<string> { "--json", "--derive-context", "--time" },
            new HashSet<string> { "--bundle", "--key-policies", "--principal", "--service", "--resource", "--resource-account", "--context", "--catalog" });
        if (line.ShowHelp(Usage, output))
        {
            return 0;
        }

        line.RejectPositionals();

        string principal = line.One("--principal") ?? throw new UsageException("--principal is required");
        string resource = line.One("--resource") ?? "*";
        ImmutableArray<CatalogAction> actions;
        if (line.One("--catalog") is { } catalogFile)
        {
            actions = File.Exists(catalogFile) ? ActionCatalog.Read(catalogFile) : throw new UsageException($"there is no action catalog `{catalogFile}`");
        }
        else
        {
            actions = ActionCatalog.Bundled;
        }

        IReadOnlyList<string> services = line.All("--service");
        if (services.Count > 0)
        {
            actions = [.. actions.Where(a => services.Contains(a.Service, StringComparer.OrdinalIgnoreCase))];
        }

        var clock = Stopwatch.StartNew();
        Bundle bundle = BundleOption.Load(line);
        TimeSpan load = clock.Elapsed;
        clock.Restart();
        ImmutableArray<AllowedAction>? allowed = AccountQueries.CanDo(
            bundle, principal, actions, resource, line.One("--resource-account"), BundleOption.Context(line.All("--context")), line.Has("--derive-context"));
        TimeSpan query = clock.Elapsed;
        if (allowed is not { } found)
        {
            throw new UsageException($"the bundle has no principal `{principal}`");
        }

        if (line.Has("--json"))
        {
            foreach (AllowedAction action in found)
            {
                output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["action"] = action.Action.Action,
                    ["accessLevel"] = action.Action.AccessLevel,
                    ["statement"] = action.Statement?.ToString() ?? "not-controlled-by-policy",
                }));
            }
        }
        else
        {
            foreach (IGrouping<string, AllowedAction> service in found.GroupBy(a => a.Action.Service))
            {
                output.WriteLine($"{service.Key} ({service.Count()} actions)");
                foreach (IGrouping<string, AllowedAction> level in service.GroupBy(a => a.Action.AccessLevel).OrderBy(g => LevelOrder(g.Key)))
                {
                    string names = string.Join(", ", level.Select(a => a.Action.Action[(service.Key.Length + 1)..]));
                    output.WriteLine($"  {level.Key}: {names}");
                }
            }

            output.WriteLine($"{found.Length} of {actions.Length} actions allowed");
        }

        if (line.Has("--time"))
        {
            Console.Error.WriteLine($"load {load.TotalMilliseconds:F0} ms, can-do over {actions.Length} actions {query.TotalMilliseconds:F1} ms");
        }

        return 0;
    }

    private static int LevelOrder(string level) => level switch
    {
        "List" => 0,
        "Read" => 1,
        "Write" => 2,
        "Permissions management" => 3,
        "Tagging" => 4,
        _ => 5,
    };
}
