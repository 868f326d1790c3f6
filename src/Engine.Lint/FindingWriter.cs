using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Engine.Lint;

/// <summary>Writes findings as text, as Access Analyzer's JSON, or as SARIF 2.1.0.</summary>
public static class FindingWriter
{
    // Backticks and quotes are written as they are (`\u0060` helps no reader): the output is not embedded in HTML.
    private static readonly JsonWriterOptions s_options = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <c>file:line:column: TYPE CODE: message</c>, one per line, line and column from 1 as editors expect.
    /// </summary>
    /// <param name="output">Where to write.</param>
    /// <param name="file">The file the findings are of.</param>
    /// <param name="findings">The findings.</param>
    public static void WriteText(TextWriter output, string file, IEnumerable<PolicyFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(findings);
        foreach (PolicyFinding f in findings)
        {
            output.WriteLine($"{file}:{f.Span.Start.Line}:{f.Span.Start.Column + 1}: {IssueCodes.Name(f.Type)} {f.IssueCode}: {f.Message}");
        }
    }

    /// <summary>
    /// <c>{"findings": [...]}</c>: each finding in Access Analyzer's <c>ValidatePolicy</c> shape (<c>findingDetails</c>,
    /// <c>findingType</c>, <c>issueCode</c>, <c>learnMoreLink</c>, <c>locations[].path</c> and <c>.span</c>), plus <c>file</c>.
    /// </summary>
    /// <param name="output">Where to write.</param>
    /// <param name="findings">The findings with their files.</param>
    public static void WriteJson(Stream output, IEnumerable<(string File, PolicyFinding Finding)> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        using var json = new Utf8JsonWriter(output, s_options);
        json.WriteStartObject();
        json.WriteStartArray("findings");
        foreach ((string file, PolicyFinding f) in findings)
        {
            WriteJsonFinding(json, file, f);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// One finding as <see cref="WriteJson"/> writes it (the one home of that shape, which the JSON API's explanations
    /// reuse): <c>file</c>, then <paramref name="policy"/> when given, then Access Analyzer's fields.
    /// </summary>
    /// <param name="json">Where to write.</param>
    /// <param name="file">The file (or named policy) the finding is of.</param>
    /// <param name="finding">The finding.</param>
    /// <param name="policy">Where the policy sits in a decision (<c>identity[0]</c>), or null.</param>
    public static void WriteJsonFinding(Utf8JsonWriter json, string file, PolicyFinding finding, string? policy = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(finding);
        PolicyFinding f = finding;
        json.WriteStartObject();
        json.WriteString("file", file);
        if (policy is not null)
        {
            json.WriteString("policy", policy);
        }

        json.WriteString("findingDetails", f.Message);
        json.WriteString("findingType", IssueCodes.Name(f.Type));
        json.WriteString("issueCode", f.IssueCode);
        json.WriteString("learnMoreLink", f.LearnMoreLink);
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartArray("path");
        foreach (PathElement element in f.Path)
        {
            json.WriteStartObject();
            if (element.Index is { } index)
            {
                json.WriteNumber("index", index);
            }
            else
            {
                json.WriteString("value", element.Value);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("span");
        WritePosition(json, "start", f.Span.Start);
        WritePosition(json, "end", f.Span.End);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePosition(Utf8JsonWriter json, string name, SourcePosition position)
    {
        json.WriteStartObject(name);
        json.WriteNumber("line", position.Line);
        json.WriteNumber("column", position.Column);
        json.WriteNumber("offset", position.Offset);
        json.WriteEndObject();
    }

    /// <summary>
    /// A SARIF 2.1.0 log for GitHub code scanning: one run, a rule per issue code seen (with its description and
    /// help link), results with regions from 1 and a <c>partialFingerprints</c> entry that survives edits elsewhere
    /// in the file (code, file, JSON path and the offending text).
    /// </summary>
    /// <param name="output">Where to write.</param>
    /// <param name="findings">The findings with their files (paths relative to the repository root read best).</param>
    /// <param name="toolVersion">The engine's version.</param>
    public static void WriteSarif(Stream output, IEnumerable<(string File, PolicyFinding Finding)> findings, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(findings);
        List<(string File, PolicyFinding Finding)> all = [.. findings];
        List<string> ruleIds = [.. all.Select(f => f.Finding.IssueCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        using var json = new Utf8JsonWriter(output, s_options);
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "engine validate");
        json.WriteString("version", toolVersion);
        json.WriteString("informationUri", "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html");
        json.WriteStartArray("rules");
        foreach (string id in ruleIds)
        {
            (string Code, FindingType Type, string Description) rule = IssueCodes.All.FirstOrDefault(c => c.Code == id);
            FindingType type = rule.Code is null ? all.First(f => f.Finding.IssueCode == id).Finding.Type : rule.Type;
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("name", PascalCase(id));
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Description ?? id);
            json.WriteEndObject();
            json.WriteStartObject("fullDescription");
            json.WriteString("text", (rule.Description ?? id) + " (Access Analyzer finding type " + IssueCodes.Name(type) + ")");
            json.WriteEndObject();
            json.WriteString("helpUri", IssueCodes.LearnMoreLink(type, id));
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(type));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteStartArray("tags");
            json.WriteStringValue("iam");
            if (type == FindingType.SecurityWarning)
            {
                json.WriteStringValue("security");
            }

            json.WriteEndArray();
            if (type == FindingType.SecurityWarning)
            {
                json.WriteString("security-severity", "7.0");
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("results");
        foreach ((string file, PolicyFinding f) in all)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", f.IssueCode);
            json.WriteNumber("ruleIndex", ruleIds.IndexOf(f.IssueCode));
            json.WriteString("level", Level(f.Type));
            json.WriteStartObject("message");
            json.WriteString("text", f.Message);
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", file.Replace('\\', '/'));
            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", f.Span.Start.Line);
            json.WriteNumber("startColumn", f.Span.Start.Column + 1);
            json.WriteNumber("endLine", f.Span.End.Line);
            json.WriteNumber("endColumn", f.Span.End.Column + 1);
            json.WriteNumber("charOffset", f.Span.Start.Offset);
            json.WriteNumber("charLength", f.Span.End.Offset - f.Span.Start.Offset);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("logicalLocations");
            json.WriteStartObject();
            json.WriteString("fullyQualifiedName", f.PathText);
            json.WriteString("kind", "element");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("partialFingerprints");
            json.WriteString("engineFinding/v1", Fingerprint(file, f));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>SARIF's level for a type: <c>error</c>, <c>warning</c> or <c>note</c>.</summary>
    /// <param name="type">The type.</param>
    public static string Level(FindingType type) => type switch
    {
        FindingType.Error => "error",
        FindingType.SecurityWarning or FindingType.Warning => "warning",
        _ => "note",
    };

    private static string Fingerprint(string file, PolicyFinding f)
    {
        string basis = string.Join('\u001f', f.IssueCode, file.Replace('\\', '/'), f.PathText, f.Action ?? "", f.Resource ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(basis)))[..32];
    }

    private static string PascalCase(string code) =>
        string.Concat(code.Split('_').Select(w => w.Length == 0 ? w : w[0] + w[1..].ToLowerInvariant()));
}
