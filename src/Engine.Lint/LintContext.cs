using System.Collections.Immutable;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Lint;

/// <summary>
/// The checks of one valid document. Split by element: <c>LintContext.Actions.cs</c>, <c>.Resources.cs</c>,
/// <c>.Conditions.cs</c>, <c>.Variables.cs</c>.
/// </summary>
internal sealed partial class LintContext(byte[] text, LineMap map, PolicyKind kind, PolicyDocument document, LocatedJson root)
{
    private static readonly Dictionary<string, FindingType> s_types = IssueCodes.All.ToDictionary(c => c.Code, c => c.Type, StringComparer.Ordinal);

    public List<PolicyFinding> Findings { get; } = [];

    private bool IsOrganizationsPolicy => kind is PolicyKind.Scp or PolicyKind.Rcp;

    public void Run()
    {
        if (!document.HasVersion)
        {
            Report("MISSING_VERSION", "the policy has no `Version`: policy variables are literal text; add `\"Version\": \"2012-10-17\"`", root, []);
        }

        CheckSize();
        LocatedJson? statements = root.Get("Statement");
        if (statements is null)
        {
            return;
        }

        var located = new List<(LocatedJson Node, ImmutableArray<PathElement> Path)>();
        if (statements.Kind == System.Text.Json.JsonValueKind.Array)
        {
            for (int i = 0; i < statements.Items!.Count; i++)
            {
                located.Add((statements.Items[i], [new PathElement("Statement", null), new PathElement(null, i)]));
            }
        }
        else
        {
            located.Add((statements, [new PathElement("Statement", null)]));
        }

        CheckSids(located);
        for (int i = 0; i < located.Count && i < document.Statements.Length; i++)
        {
            CheckStatement(document.Statements[i], located[i].Node, located[i].Path);
        }
    }

    private void CheckSize()
    {
        int all = System.Text.Encoding.UTF8.GetCharCount(text);
        int nonWhite = 0;
        foreach (char c in System.Text.Encoding.UTF8.GetString(text))
        {
            if (!char.IsWhiteSpace(c))
            {
                nonWhite++;
            }
        }

        (string Code, int Count, int Limit)? quota = kind switch
        {
            PolicyKind.Scp or PolicyKind.Rcp => ("POLICY_SIZE_EXCEEDS_SCP_QUOTA", all, 5120),
            PolicyKind.Resource => ("POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", all, 20480),
            _ => ("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", nonWhite, 6144),
        };
        if (quota is { } q && q.Count > q.Limit)
        {
            Report(q.Code, $"the policy has {q.Count} characters, more than the {q.Limit} the policy type allows", root, []);
        }
    }

    private void CheckSids(List<(LocatedJson Node, ImmutableArray<PathElement> Path)> statements)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach ((LocatedJson node, ImmutableArray<PathElement> path) in statements)
        {
            if (node.Get("Sid") is not { Kind: System.Text.Json.JsonValueKind.String } sid)
            {
                continue;
            }

            ImmutableArray<PathElement> sidPath = path.Add(new PathElement("Sid", null));
            string value = sid.Text!;
            if (value.Length == 0)
            {
                Report("EMPTY_SID_VALUE", "the `Sid` is empty: remove it or name the statement", sid, sidPath);
                continue;
            }

            if (kind != PolicyKind.Resource && !value.All(char.IsAsciiLetterOrDigit))
            {
                Report("UNSUPPORTED_SID", $"the Sid `{value}` holds characters other than A-Z, a-z and 0-9, which this policy type does not accept", sid, sidPath);
            }

            if (!seen.Add(value))
            {
                Report(IsOrganizationsPolicy ? "UNIQUE_SIDS_REQUIRED" : "UNIQUE_SIDS_RECOMMENDED", $"the Sid `{value}` names another statement too", sid, sidPath);
            }
        }
    }

    private void CheckStatement(Statement statement, LocatedJson node, ImmutableArray<PathElement> path)
    {
        if (statement.Effect == Effect.Allow && node.Get("NotPrincipal") is { } notPrincipal)
        {
            Report("ALLOW_WITH_NOT_PRINCIPAL", "an `Allow` with `NotPrincipal` grants access to every principal it does not list, anonymous users included",
                notPrincipal, path.Add(new PathElement("NotPrincipal", null)));
        }

        List<Entry> actions = Entries(node, path, statement.Action.IsNot ? "NotAction" : "Action");
        List<Entry> resources = statement.Resource is null ? [] : Entries(node, path, statement.Resource.IsNot ? "NotResource" : "Resource");
        List<Engine.Catalog.AwsAction> granted = CheckActions(statement, actions);
        CheckResources(statement, actions, resources, granted);
        CheckPassRole(statement, node, path, actions, resources);
        CheckConditions(statement, node, path, actions, granted);
    }

    /// <summary>One string of an element that holds a string or a list of strings.</summary>
    private readonly record struct Entry(string Text, LocatedJson Node, ImmutableArray<PathElement> Path);

    private static List<Entry> Entries(LocatedJson statement, ImmutableArray<PathElement> path, string element)
    {
        var entries = new List<Entry>();
        LocatedJson? value = statement.Get(element);
        ImmutableArray<PathElement> elementPath = path.Add(new PathElement(element, null));
        if (value is { Kind: System.Text.Json.JsonValueKind.String })
        {
            entries.Add(new Entry(value.Text!, value, elementPath));
        }
        else if (value?.Items is { } items)
        {
            for (int i = 0; i < items.Count; i++)
            {
                if (items[i].Text is { } entryText)
                {
                    entries.Add(new Entry(entryText, items[i], elementPath.Add(new PathElement(null, i))));
                }
            }
        }

        return entries;
    }

    private void Report(string code, string message, LocatedJson node, ImmutableArray<PathElement> path, string? action = null, string? resource = null, FindingType? type = null)
    {
        FindingType findingType = type ?? s_types[code];
        Findings.Add(new PolicyFinding(findingType, code, message, path, new SourceSpan(map.At(node.Start), map.At(node.End)), action, resource));
    }
}
