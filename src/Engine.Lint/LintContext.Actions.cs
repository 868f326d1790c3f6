using Engine.Catalog;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Lint;

internal sealed partial class LintContext
{
    private static readonly Lazy<string> s_catalogDate = new(() => CatalogSnapshot.ServiceReferenceDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// INVALID_SERVICE, INVALID_ACTION, WILDCARD_IN_SERVICE_NAME, REDUNDANT_ACTION, and variables in actions.
    /// Returns the catalog actions an <c>Action</c> element names (empty for <c>NotAction</c>).
    /// </summary>
    private List<AwsAction> CheckActions(Statement statement, List<Entry> actions)
    {
        var granted = new List<AwsAction>();
        // An action the catalog does not know yet in a Deny or an SCP is not an error: new actions appear first.
        FindingType unknownType = statement.Effect == Effect.Deny || kind == PolicyKind.Scp ? FindingType.Warning : FindingType.Error;
        string date = s_catalogDate.Value;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // PERF: only a wildcard entry can cover another, and only one of the same service unless its prefix holds a wildcard
        // itself. ReadOnlyAccess lists ~1,500 wildcard entries in one statement: comparing all pairs took ~1.5 s over the
        // managed policies; by service it is a handful each.
        var wildcardsByService = new Dictionary<string, List<Entry>>(StringComparer.OrdinalIgnoreCase);
        var anyService = new List<Entry>();
        foreach (Entry wide in actions.Where(a => Glob.HasWildcard(a.Text)))
        {
            string widePrefix = ServicePrefix(wide.Text);
            if (Glob.HasWildcard(widePrefix))
            {
                anyService.Add(wide);
            }
            else if (wildcardsByService.TryGetValue(widePrefix, out List<Entry>? list))
            {
                list.Add(wide);
            }
            else
            {
                wildcardsByService[widePrefix] = [wide];
            }
        }

        foreach (Entry entry in actions)
        {
            if (entry.Text.Contains("${", StringComparison.Ordinal))
            {
                Report("VARIABLE_UNSUPPORTED_IN_ELEMENT", $"the action `{entry.Text}` holds a policy variable, which actions do not support", entry.Node, entry.Path, action: entry.Text);
                continue;
            }

            if (!seen.Add(entry.Text))
            {
                Report("REDUNDANT_ACTION", $"the action `{entry.Text}` is listed twice in the statement", entry.Node, entry.Path, action: entry.Text);
            }
            else if (anyService.Concat(wildcardsByService.GetValueOrDefault(ServicePrefix(entry.Text)) ?? [])
                .FirstOrDefault(other => !string.Equals(other.Text, entry.Text, StringComparison.OrdinalIgnoreCase) && Covers(other.Text, entry.Text)) is { Text: not null } cover)
            {
                Report("REDUNDANT_ACTION", $"the action `{entry.Text}` is covered by `{cover.Text}` in the same statement", entry.Node, entry.Path, action: entry.Text);
            }

            if (entry.Text == "*")
            {
                continue;
            }

            int colon = entry.Text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            string prefix = entry.Text[..colon], name = entry.Text[(colon + 1)..];
            if (Glob.HasWildcard(prefix))
            {
                Report("WILDCARD_IN_SERVICE_NAME", $"the service prefix of `{entry.Text}` holds a wildcard: name the services", entry.Node, entry.Path, action: entry.Text);
                continue;
            }

            if (!ServiceReference.TryGetService(prefix, out AwsService? service))
            {
                Report("INVALID_SERVICE", $"the service `{prefix}` of `{entry.Text}` is not in the service reference of {date}", entry.Node, entry.Path, action: entry.Text, type: unknownType);
                continue;
            }

            int before = granted.Count;
            if (Glob.HasWildcard(name))
            {
                foreach (AwsAction candidate in service.Actions)
                {
                    if (Glob.IsMatch(name, candidate.Name, ignoreCase: true))
                    {
                        granted.Add(candidate);
                    }
                }
            }
            else if (service.TryGetAction(name, out AwsAction? exact))
            {
                granted.Add(exact);
            }

            if (granted.Count == before)
            {
                Report("INVALID_ACTION", $"`{entry.Text}` matches no action of `{prefix}` in the service reference of {date}", entry.Node, entry.Path, action: entry.Text, type: unknownType);
            }
        }

        if (statement.Action.IsNot)
        {
            granted.Clear();
        }

        return granted;
    }

    /// <summary>The part of an action entry before its first <c>:</c> (the whole entry when it has none, e.g. <c>*</c>).</summary>
    private static string ServicePrefix(string action)
    {
        int colon = action.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? action : action[..colon];
    }

    /// <summary>Whether action pattern <paramref name="wide"/> matches every action <paramref name="narrow"/> does.</summary>
    private static bool Covers(string wide, string narrow)
    {
        if (!Glob.HasWildcard(wide))
        {
            return false;
        }

        // A wildcard pattern covers another pattern when it matches the other read literally: `iam:*` covers
        // `iam:Get*`, `iam:Get*` covers `iam:GetUser`.
        return Glob.IsMatch(wide, narrow, ignoreCase: true);
    }
}
