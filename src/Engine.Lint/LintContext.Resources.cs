using Engine.Catalog;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Lint;

internal sealed partial class LintContext
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> s_formatFields = new(StringComparer.Ordinal);

    private static readonly HashSet<string> s_partitions =
        new(["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"], StringComparer.Ordinal);

    /// <summary>Which ARN fields the resource types of each ARN service (the ARN's third field, not always the prefix) fill.</summary>
    private readonly record struct ArnFields(bool AnyRegion, bool AllRegion, bool AnyAccount, bool AllAccount);

    private static readonly Lazy<Dictionary<string, ArnFields>> s_fieldsByArnService = new(() =>
    {
        var formats = new Dictionary<string, List<string[]>>(StringComparer.Ordinal);
        foreach (AwsService service in ServiceReference.Services)
        {
            foreach (AwsResourceType type in service.ResourceTypes)
            {
                string[] fields = type.ArnFormat.Split(':', 6);
                if (fields.Length == 6)
                {
                    if (!formats.TryGetValue(fields[2], out List<string[]>? list))
                    {
                        formats[fields[2]] = list = [];
                    }

                    list.Add(fields);
                }
            }
        }

        return formats.ToDictionary(
            pair => pair.Key,
            pair => new ArnFields(pair.Value.Any(f => f[3].Length > 0), pair.Value.All(f => f[3].Length > 0), pair.Value.Any(f => f[4].Length > 0), pair.Value.All(f => f[4].Length > 0)),
            StringComparer.Ordinal);
    });

    /// <summary>ARN shape checks, then RESOURCE_MISMATCH and RESOURCE_IGNORED_FOR_ACTION against the statement's actions.</summary>
    private void CheckResources(Statement statement, List<Entry> actions, List<Entry> resources, List<AwsAction> granted)
    {
        foreach (Entry entry in resources)
        {
            CheckVariables(entry.Text, entry.Node, entry.Path);
            CheckArnShape(entry);
        }

        if (statement.Resource is null || statement.Resource.IsNot || statement.Action.IsNot || resources.Any(r => r.Text == "*"))
        {
            return;
        }

        // Only actions named exactly: a wildcard entry stands for many actions, most of which the author did not mean.
        var reported = new HashSet<AwsAction>();
        string[] patterns = [.. resources.Select(r => AsPattern(r.Text))];
        string[][] patternFields = [.. patterns.Select(p => p.Split(':', 6))];
        var intersections = new Dictionary<(int, string), bool>();
        foreach (Entry action in actions)
        {
            if (Glob.HasWildcard(action.Text) || !ServiceReference.TryGetAction(action.Text, out AwsAction? known) || !reported.Add(known))
            {
                continue;
            }

            if (known.ResourceTypes.Count == 0)
            {
                Report("RESOURCE_IGNORED_FOR_ACTION", $"`{action.Text}` supports only `\"Resource\": \"*\"`: the ARNs of the statement do not narrow it", action.Node, action.Path, action: action.Text);
                continue;
            }

            bool anyMatch = false;
            foreach (ActionResourceType type in known.ResourceTypes)
            {
                string format = type.ResourceType.ArnFormat;
                for (int i = 0; i < patterns.Length && !anyMatch; i++)
                {
                    // PERF: many actions of a statement share resource types; each (resource, format) pair is decided once.
                    if (!intersections.TryGetValue((i, format), out bool intersects))
                    {
                        intersections[(i, format)] = intersects = format.Length == 0
                            || ArnIntersects(patterns[i], patternFields[i], format);
                    }

                    anyMatch = intersects;
                }

                if (anyMatch)
                {
                    break;
                }
            }

            if (!anyMatch)
            {
                string formats = string.Join(", ", known.ResourceTypes.Select(t => "`" + t.ResourceType.ArnFormat + "`"));
                Report("RESOURCE_MISMATCH", $"no resource of the statement can match `{action.Text}`, which acts on {formats}", action.Node, action.Path, action: action.Text);
            }
        }
    }

    /// <summary>
    /// Whether some ARN matches both a resource pattern and an ARN format, field by field as AWS matches ARNs: a
    /// `*`, a placeholder or a variable stays inside its field (the resource part, the sixth field, may hold `:` and
    /// `/`). A pattern with fewer than six fields (`arn:aws:*`) is compared as one glob.
    /// </summary>
    private static bool ArnIntersects(string pattern, string[] a, string format)
    {
        // PERF: the catalog's formats are split once for the process.
        string[] b = s_formatFields.GetOrAdd(format, static f => AsPattern(f).Split(':', 6));
        if (a.Length < 6 || b.Length < 6)
        {
            return Glob.Intersects(pattern, AsPattern(format));
        }

        for (int field = 0; field < 6; field++)
        {
            if (!Glob.Intersects(a[field], b[field]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An ARN or ARN format as a glob: every <c>${…}</c> (placeholder or policy variable) becomes <c>*</c>.</summary>
    private static string AsPattern(string arn)
    {
        if (!arn.Contains("${", StringComparison.Ordinal))
        {
            return arn;
        }

        var builder = new System.Text.StringBuilder(arn.Length);
        for (int i = 0; i < arn.Length; i++)
        {
            int close;
            if (arn[i] == '$' && i + 1 < arn.Length && arn[i + 1] == '{' && (close = arn.IndexOf('}', i)) > 0)
            {
                builder.Append('*');
                i = close;
            }
            else
            {
                builder.Append(arn[i]);
            }
        }

        return builder.ToString();
    }

    private void CheckArnShape(Entry entry)
    {
        string arn = entry.Text;
        if (arn == "*" || arn.Length < 4 || !arn.StartsWith("arn:", StringComparison.OrdinalIgnoreCase))
        {
            // Resource policies of some services take names that are not ARNs: nothing to check.
            return;
        }

        if (!arn.StartsWith("arn:", StringComparison.Ordinal))
        {
            Report("INVALID_ARN_PREFIX", $"the resource `{arn}` must start with a lower-case `arn:`", entry.Node, entry.Path, resource: arn);
            return;
        }

        string[] fields = arn.Split(':', 6);
        if (fields.Length < 6)
        {
            // `arn:aws:s3:::*` style patterns with a `*` that spans fields are legal: only report when no wildcard can stand for the rest.
            if (!arn.Contains('*', StringComparison.Ordinal))
            {
                Report("MISSING_ARN_FIELD", $"the resource `{arn}` has {fields.Length} of the six fields of an ARN (`arn:partition:service:region:account:resource`)", entry.Node, entry.Path, resource: arn);
            }

            return;
        }

        string partition = fields[1], service = fields[2], region = fields[3], account = fields[4];
        if (!Glob.HasWildcard(partition) && !partition.Contains("${", StringComparison.Ordinal) && !s_partitions.Contains(partition))
        {
            Report("INVALID_PARTITION", $"the resource `{arn}` names the partition `{partition}`, which is not one of {string.Join(", ", s_partitions)}", entry.Node, entry.Path, resource: arn);
        }

        if (service.Any(char.IsAsciiLetterUpper))
        {
            Report("INVALID_ARN_SERVICE_CASE", $"the service `{service}` of the resource `{arn}` must be in lower case", entry.Node, entry.Path, resource: arn);
        }

        if (account.Contains("${", StringComparison.Ordinal))
        {
            Report("VARIABLE_IN_ARN_ACCOUNT", $"the account field of `{arn}` holds a policy variable: AWS expects an account id or a wildcard there", entry.Node, entry.Path, resource: arn);
        }

        if (Glob.HasWildcard(service) || !s_fieldsByArnService.Value.TryGetValue(service, out ArnFields known))
        {
            return;
        }

        (bool anyRegion, bool allRegion, bool anyAccount, bool allAccount) = (known.AnyRegion, known.AllRegion, known.AnyAccount, known.AllAccount);
        if (region.Length > 0 && !anyRegion && !Glob.HasWildcard(region) && !region.Contains("${", StringComparison.Ordinal))
        {
            Report("ARN_REGION_NOT_ALLOWED", $"the resource `{arn}` has the region `{region}`, but no `{service}` ARN has one", entry.Node, entry.Path, resource: arn);
        }

        if (account.Length > 0 && !anyAccount && !Glob.HasWildcard(account) && !account.Contains("${", StringComparison.Ordinal))
        {
            Report("ARN_ACCOUNT_NOT_ALLOWED", $"the resource `{arn}` has the account `{account}`, but no `{service}` ARN has one", entry.Node, entry.Path, resource: arn);
        }

        // MISSING_ARN_*: only for a concrete ARN (a pattern such as `arn:aws:kms:*::*` may mean to span fields), and never
        // for ssm, whose AWS-owned documents and parameters have no account (`arn:aws:ssm:*::document/AWS-*`).
        bool concrete = !Glob.HasWildcard(arn) && !arn.Contains("${", StringComparison.Ordinal) && service != "ssm";
        if (concrete && region.Length == 0 && allRegion)
        {
            Report("MISSING_ARN_REGION", $"the resource `{arn}` has no region, but every `{service}` ARN has one (use `*` for any region)", entry.Node, entry.Path, resource: arn);
        }

        if (concrete && account.Length == 0 && allAccount)
        {
            Report("MISSING_ARN_ACCOUNT", $"the resource `{arn}` has no account, but every `{service}` ARN has one (use `*` for any account)", entry.Node, entry.Path, resource: arn);
        }
    }

    /// <summary>PASS_ROLE_* and CREATE_SLR_*: an Allow in an identity policy that grants the action on every resource.</summary>
    private void CheckPassRole(Statement statement, LocatedJson node, System.Collections.Immutable.ImmutableArray<PathElement> path, List<Entry> actions, List<Entry> resources)
    {
        if (statement.Effect != Effect.Allow || kind is not (PolicyKind.Identity or PolicyKind.Session) || statement.Resource is null)
        {
            return;
        }

        foreach ((string action, string codePrefix, string key) in new[] { ("iam:PassRole", "PASS_ROLE", "iam:PassedToService"), ("iam:CreateServiceLinkedRole", "CREATE_SLR", "iam:AWSServiceName") })
        {
            if (statement.Conditions.Any(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            Entry? grant = statement.Action.IsNot
                ? (actions.Any(a => Glob.IsMatch(a.Text, action, ignoreCase: true)) ? null : actions.FirstOrDefault())
                : actions.FirstOrDefault(a => Glob.IsMatch(a.Text, action, ignoreCase: true));
            if (grant is not { } granting || granting.Text is null)
            {
                continue;
            }

            Entry? star = resources.FirstOrDefault(r => r.Text == "*");
            string code;
            if (statement.Resource.IsNot)
            {
                code = codePrefix + "_WITH_NOT_RESOURCE";
            }
            else if (star is not { Text: not null })
            {
                continue;
            }
            else if (statement.Action.IsNot)
            {
                code = codePrefix + "_WITH_NOT_ACTION";
            }
            else
            {
                code = granting.Text is "*" or "iam:*" ? codePrefix + "_WITH_STAR_IN_ACTION_AND_RESOURCE" : codePrefix + "_WITH_STAR_IN_RESOURCE";
            }

            string through = string.Equals(granting.Text, action, StringComparison.OrdinalIgnoreCase) ? "" : $" through `{granting.Text}`";
            Report(code, $"the statement grants `{action}`{through} on every resource: name the roles, or add a `{key}` condition", granting.Node, granting.Path, action: granting.Text);
        }
    }
}
