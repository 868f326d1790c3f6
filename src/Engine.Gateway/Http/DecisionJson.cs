using System.Globalization;
using System.Text.Json;
using Engine.Compiler.Parsing;
using Engine.Lint;
using Engine.Runtime.Evaluation;

namespace Engine.Gateway.Http;

/// <summary>Writes the JSON API's answers: <c>{"decision","statement":{…},"revision"}</c> and errors.</summary>
internal static class DecisionJson
{
    public static void WriteDecision(Utf8JsonWriter writer, GatewayDecision decision, JsonNode? id, Decision? dryRunDecision)
    {
        writer.WriteStartObject();
        if (id is not null)
        {
            if (id.Kind == JsonNodeKind.Number)
            {
                writer.WritePropertyName("id");
                writer.WriteRawValue(id.Text!);
            }
            else
            {
                writer.WriteString("id", id.Text);
            }
        }

        writer.WriteString("decision", (dryRunDecision is null ? decision.Decision : Decision.Allow).ToString());
        if (dryRunDecision is { } real)
        {
            writer.WriteString("dryRunDecision", real.ToString());
        }

        if (decision.Statement is { } statement)
        {
            writer.WriteStartObject("statement");
            writer.WriteString("policy", statement.Kind.ToCaseName());
            writer.WriteNumber("level", statement.Level);
            writer.WriteNumber("policyIndex", statement.PolicyIndex);
            writer.WriteNumber("statementIndex", statement.StatementIndex);
            writer.WriteString("sid", statement.Sid);
            writer.WriteString("policyId", statement.PolicyId);
            writer.WriteString("effect", statement.Effect.ToString());
            writer.WriteString("text", statement.ToString());
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("statement");
        }

        // A string: revisions are 64-bit hashes, past what a JavaScript number holds exactly.
        writer.WriteString("revision", decision.Revision.ToString(CultureInfo.InvariantCulture));
        if (decision.Error is not null)
        {
            writer.WriteString("error", decision.Error);
        }

        if (decision.Explanation is { } explanation)
        {
            writer.WriteStartObject("explanation");
            writer.WriteStartArray("deciding");
            foreach (string text in explanation.Deciding)
            {
                writer.WriteStringValue(text);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("reasons");
            foreach (string text in explanation.Reasons)
            {
                writer.WriteStringValue(text);
            }

            writer.WriteEndArray();

            // SPEC: amendments §17.1, §17.3, §17.4 — the must-allow kind, the rule, the reasons in words.
            if (explanation.ResourcePolicyKind is { } resourcePolicyKind)
            {
                writer.WriteString("resourcePolicyKind", resourcePolicyKind);
            }

            if (explanation.Rule is { } rule)
            {
                writer.WriteString("rule", rule);
            }

            writer.WriteStartArray("words");
            foreach (string text in explanation.Words)
            {
                writer.WriteStringValue(text);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("statements");
            foreach ((bool applies, string text, string why) in explanation.Statements)
            {
                writer.WriteStartObject();
                writer.WriteBoolean("applies", applies);
                writer.WriteString("statement", text);
                writer.WriteString("why", why);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();

            // issue #12 §2: `engine validate --format json`'s shape, plus where the policy sits in the decision.
            writer.WriteStartArray("findings");
            foreach ((string policy, string name, PolicyFinding finding) in explanation.Findings)
            {
                FindingWriter.WriteJsonFinding(writer, name, finding, policy);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    public static void WriteError(Utf8JsonWriter writer, AuthorizeBodyError error)
    {
        writer.WriteStartObject();
        writer.WriteString("error", error.Message);
        writer.WriteString("path", error.Path);
        writer.WriteNumber("line", error.Location.Line);
        writer.WriteNumber("column", error.Location.Column);
        writer.WriteEndObject();
    }

    public static void WriteMessage(Utf8JsonWriter writer, string message)
    {
        writer.WriteStartObject();
        writer.WriteString("error", message);
        writer.WriteEndObject();
    }
}
