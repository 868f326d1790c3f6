using System.Text.Json;

namespace Engine.Lint;

/// <summary>
/// Findings the user turned off: each rule names any of an issue code, a file pattern, an action pattern and a
/// resource pattern (<c>*</c> and <c>?</c> wildcards), and suppresses a finding that matches everything it names
/// (parliament's <c>ignore_locations</c>, Access Analyzer's codes).
/// </summary>
public sealed class LintSuppressions
{
    private readonly List<Rule> _rules = [];

    /// <summary>One rule; a null field matches anything.</summary>
    /// <param name="Code">An issue code (exact, any case).</param>
    /// <param name="File">A file path pattern, matched against the path as given and its file name.</param>
    /// <param name="Action">An action pattern, matched against the finding's action entry.</param>
    /// <param name="Resource">A resource pattern, matched against the finding's resource entry.</param>
    public sealed record Rule(string? Code = null, string? File = null, string? Action = null, string? Resource = null);

    /// <summary>The rules.</summary>
    public IReadOnlyList<Rule> Rules => _rules;

    /// <summary>Adds a rule.</summary>
    /// <param name="rule">The rule.</param>
    public void Add(Rule rule) => _rules.Add(rule);

    /// <summary>Whether a finding of <paramref name="file"/> is suppressed.</summary>
    /// <param name="finding">The finding.</param>
    /// <param name="file">The file it was found in.</param>
    public bool IsSuppressed(PolicyFinding finding, string file)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(file);
        foreach (Rule rule in _rules)
        {
            if ((rule.Code is null || string.Equals(rule.Code, finding.IssueCode, StringComparison.OrdinalIgnoreCase))
                && (rule.File is null || Glob.IsMatch(rule.File, file.Replace('\\', '/'), false) || Glob.IsMatch(rule.File, Path.GetFileName(file), false))
                && (rule.Action is null || (finding.Action is not null && Glob.IsMatch(rule.Action, finding.Action, true)))
                && (rule.Resource is null || (finding.Resource is not null && Glob.IsMatch(rule.Resource, finding.Resource, false))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads a config file: <c>{"failOn": "warning", "ignore": [{"code": "…", "file": "…", "action": "…", "resource": "…"}]}</c>;
    /// an entry of <c>ignore</c> may also be a plain string, read as an issue code.
    /// </summary>
    /// <param name="json">The file's text.</param>
    /// <param name="failOn">The <c>failOn</c> setting, if any.</param>
    /// <exception cref="FormatException">The file does not have that shape.</exception>
    public static LintSuppressions ReadConfig(string json, out FindingType? failOn)
    {
        var suppressions = new LintSuppressions();
        failOn = null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the lint config is not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the lint config must be a JSON object");
            }

            foreach (JsonProperty property in doc.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "failOn":
                        failOn = IssueCodes.TryParseType(property.Value.GetString() ?? "", out FindingType type)
                            ? type
                            : throw new FormatException($"unknown `failOn` value `{property.Value}`; use error, security-warning, warning or suggestion");
                        break;
                    case "ignore" when property.Value.ValueKind == JsonValueKind.Array:
                        foreach (JsonElement entry in property.Value.EnumerateArray())
                        {
                            suppressions.Add(entry.ValueKind == JsonValueKind.String
                                ? new Rule(Code: entry.GetString())
                                : new Rule(Text(entry, "code"), Text(entry, "file"), Text(entry, "action"), Text(entry, "resource")));
                        }

                        break;
                    default:
                        throw new FormatException($"unknown lint config member `{property.Name}`; use failOn or ignore (a list)");
                }
            }
        }

        return suppressions;
    }

    private static string? Text(JsonElement entry, string name)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an `ignore` entry must be a string or an object");
        }

        foreach (JsonProperty property in entry.EnumerateObject())
        {
            if (property.Name is not ("code" or "file" or "action" or "resource"))
            {
                throw new FormatException($"unknown `ignore` member `{property.Name}`; use code, file, action or resource");
            }
        }

        return entry.TryGetProperty(name, out JsonElement value) ? value.GetString() : null;
    }
}
