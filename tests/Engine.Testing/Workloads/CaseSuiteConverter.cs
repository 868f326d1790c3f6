using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine.Testing.Workloads;

/// <summary>
/// Turns JSON Lines of decision cases that all carry the same <c>policies</c> into one suite
/// (case-format.md, "Suites"): the set once, then each case's <c>name</c>, <c>description</c>,
/// <c>request</c> and <c>expect</c>. How <c>tests/Workloads</c> is made from <c>shared/bench</c>
/// (<c>ENGINE_WRITE_SUITES=1</c> with the drift test; tests/Workloads/README.md).
/// </summary>
public static class CaseSuiteConverter
{
    private static readonly JsonSerializerOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Converts the cases of <paramref name="jsonLines"/> into the text of one suite file.</summary>
    /// <param name="suiteName">The suite's name; a case name that starts with it and a slash loses that prefix.</param>
    /// <param name="description">The suite's description, or null.</param>
    /// <param name="jsonLines">The lines of a <c>.jsonl</c> case file.</param>
    /// <returns>The suite as indented JSON: one line per statement and per case.</returns>
    /// <exception cref="InvalidDataException">A case carries other policies than the first, or no policies.</exception>
    public static string ToSuite(string suiteName, string? description, IEnumerable<string> jsonLines)
    {
        ArgumentNullException.ThrowIfNull(jsonLines);
        JsonNode? policies = null;
        var cases = new List<JsonObject>();
        int lineNumber = 0;
        foreach (string line in jsonLines)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonObject source = JsonNode.Parse(line)?.AsObject() ?? throw new InvalidDataException($"line {lineNumber} is not a case object");
            JsonNode casePolicies = source["policies"] ?? throw new InvalidDataException($"the case on line {lineNumber} carries no `policies`");
            if (policies is null)
            {
                policies = casePolicies.DeepClone();
            }
            else if (!JsonNode.DeepEquals(policies, casePolicies))
            {
                throw new InvalidDataException($"the case on line {lineNumber} carries other policies than the first; a suite holds one set");
            }

            var converted = new JsonObject();
            foreach ((string key, JsonNode? value) in source)
            {
                if (key == "policies")
                {
                    continue;
                }

                JsonNode? copy = value?.DeepClone();
                if (key == "name" && value?.GetValue<string>() is { } name && name.StartsWith(suiteName + "/", StringComparison.Ordinal))
                {
                    copy = JsonValue.Create(name[(suiteName.Length + 1)..]);
                }

                converted[key] = copy;
            }

            cases.Add(converted);
        }

        if (policies is null)
        {
            throw new InvalidDataException("the lines hold no case");
        }

        var suite = new JsonObject { ["name"] = suiteName };
        if (description is not null)
        {
            suite["description"] = description;
        }

        suite["policies"] = policies;
        suite["cases"] = new JsonArray([.. cases]);
        var text = new StringBuilder();
        Write(text, suite, 0);
        return text.Append('\n').ToString();
    }

    // Indented down to the statements; a statement (an object with `Effect`) and a case are one line each.
    private static void Write(StringBuilder text, JsonNode? node, int depth, bool compact = false, bool compactElements = false)
    {
        compact |= node is JsonValue or null || (node is JsonObject o && o.ContainsKey("Effect"));
        if (compact)
        {
            text.Append(node is null ? "null" : node.ToJsonString(s_compact));
            return;
        }

        string indent = new(' ', 2 * (depth + 1));
        if (node is JsonArray array)
        {
            text.Append('[');
            for (int i = 0; i < array.Count; i++)
            {
                text.Append(i == 0 ? "\n" : ",\n").Append(indent);
                Write(text, array[i], depth + 1, compact: compactElements);
            }

            text.Append('\n').Append(' ', 2 * depth).Append(']');
            return;
        }

        text.Append('{');
        bool first = true;
        foreach ((string key, JsonNode? value) in (JsonObject)node!)
        {
            text.Append(first ? "\n" : ",\n").Append(indent).Append(JsonSerializer.Serialize(key, s_compact)).Append(": ");
            Write(text, value, depth + 1, compactElements: depth == 0 && key == "cases");
            first = false;
        }

        text.Append('\n').Append(' ', 2 * depth).Append('}');
    }
}
