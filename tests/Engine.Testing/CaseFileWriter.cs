using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using Engine.Testing.Generators;

namespace Engine.Testing;

/// <summary>
/// Serialises a model policy set and request back to the case format (case-format.md), so a
/// shrunk property failure becomes a case file that every engine, the CLI and the benchmarks read.
/// The output is canonical (fixed member order, arrays everywhere a list is allowed), which makes
/// write → read → write a byte-for-byte round trip.
/// </summary>
public static class CaseFileWriter
{
    // Case files are read by people and tools, never embedded in HTML: keep quotes and `&` readable.
    private static readonly JsonWriterOptions s_options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The case as JSON text.</summary>
    /// <param name="name">The case name.</param>
    /// <param name="description">Free text, or null.</param>
    /// <param name="scenario">The policies and the request.</param>
    /// <param name="expect">The expected decision, or null to leave it out.</param>
    public static string Write(string name, string? description, DecisionScenario scenario, Decision? expect)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_options))
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            if (description is not null)
            {
                writer.WriteString("description", description);
            }

            WritePolicies(writer, scenario.Policies);
            WriteRequest(writer, scenario.Query);
            if (expect is { } decision)
            {
                writer.WriteString("expect", decision.ToString());
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WritePolicies(Utf8JsonWriter writer, PolicySet policies)
    {
        writer.WriteStartObject("policies");
        writer.WriteStartArray("identity");
        foreach (PolicyDocument document in policies.Identity.IsDefault ? [] : policies.Identity)
        {
            WriteDocument(writer, document);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("resource");
        if (policies.Resource is { } resource)
        {
            WriteDocument(writer, resource);
        }
        else
        {
            writer.WriteNullValue();
        }

        // A boundary or session made of several documents is written as an array (§1.5 accepts both).
        WriteDocumentSet(writer, "permissionsBoundary", policies.PermissionsBoundary);
        WriteDocumentSet(writer, "session", policies.Session);
        WriteLevels(writer, "scps", policies.Scps);
        WriteLevels(writer, "rcps", policies.Rcps);

        // Written only when given, so that files of sets without one stay as they were (amendments §15.6.2: null = absent).
        if (policies.VpcEndpoint is { } endpoint)
        {
            writer.WritePropertyName("vpcEndpoint");
            WriteDocument(writer, endpoint);
        }

        writer.WriteEndObject();
    }

    private static void WriteDocumentSet(Utf8JsonWriter writer, string name, ImmutableArray<PolicyDocument> documents)
    {
        writer.WritePropertyName(name);
        if (documents.IsDefaultOrEmpty)
        {
            writer.WriteNullValue();
            return;
        }

        if (documents.Length == 1)
        {
            WriteDocument(writer, documents[0]);
            return;
        }

        writer.WriteStartArray();
        foreach (PolicyDocument document in documents)
        {
            WriteDocument(writer, document);
        }

        writer.WriteEndArray();
    }

    private static void WriteLevels(Utf8JsonWriter writer, string name, ImmutableArray<ImmutableArray<PolicyDocument>>? levels)
    {
        writer.WritePropertyName(name);
        if (levels is not { } list)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (ImmutableArray<PolicyDocument> level in list)
        {
            writer.WriteStartArray();
            foreach (PolicyDocument document in level)
            {
                WriteDocument(writer, document);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes one policy document as AWS would accept it (§2).</summary>
    public static void WriteDocument(Utf8JsonWriter writer, PolicyDocument document)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(document);
        writer.WriteStartObject();
        if (document.HasVersion)
        {
            writer.WriteString("Version", document.Version == PolicyVersion.V20121017 ? "2012-10-17" : "2008-10-17");
        }

        if (document.Id is not null)
        {
            writer.WriteString("Id", document.Id);
        }

        writer.WriteStartArray("Statement");
        foreach (Statement statement in document.Statements)
        {
            WriteStatement(writer, statement);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteStatement(Utf8JsonWriter writer, Statement statement)
    {
        writer.WriteStartObject();
        if (statement.Sid is not null)
        {
            writer.WriteString("Sid", statement.Sid);
        }

        writer.WriteString("Effect", statement.Effect == Effect.Allow ? "Allow" : "Deny");
        if (statement.Principal is { } principal)
        {
            WritePrincipal(writer, principal);
        }

        WriteStrings(writer, statement.Action.IsNot ? "NotAction" : "Action", statement.Action.Patterns);
        if (statement.Resource is { } resource)
        {
            WriteStrings(writer, resource.IsNot ? "NotResource" : "Resource", resource.Patterns);
        }

        if (!statement.Conditions.IsDefaultOrEmpty)
        {
            writer.WriteStartObject("Condition");
            // JSON members are grouped by operator text; one (operator, key) pair per member (§2.6).
            foreach (IGrouping<string, Condition> group in statement.Conditions.GroupBy(c => c.OperatorText, StringComparer.Ordinal))
            {
                writer.WriteStartObject(group.Key);
                foreach (Condition condition in group)
                {
                    WriteStrings(writer, condition.Key, condition.Values);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WritePrincipal(Utf8JsonWriter writer, PrincipalElement principal)
    {
        string name = principal.IsNot ? "NotPrincipal" : "Principal";
        if (principal.Entries is [{ Type: PrincipalType.Aws, Value: "*" }])
        {
            writer.WriteString(name, "*");
            return;
        }

        writer.WriteStartObject(name);
        foreach (IGrouping<PrincipalType, PrincipalEntry> group in principal.Entries.GroupBy(e => e.Type))
        {
            string member = group.Key switch
            {
                PrincipalType.Service => "Service",
                PrincipalType.Federated => "Federated",
                PrincipalType.CanonicalUser => "CanonicalUser",
                _ => "AWS",
            };
            WriteStrings(writer, member, [.. group.Select(e => e.Value)]);
        }

        writer.WriteEndObject();
    }

    private static void WriteRequest(Utf8JsonWriter writer, AuthorizationQuery query)
    {
        writer.WriteStartObject("request");
        writer.WriteString("principal", query.Principal);
        writer.WriteString("action", query.Action);
        writer.WriteString("resource", query.Resource);
        if (query.ResourceAccount is not null)
        {
            writer.WriteString("resourceAccount", query.ResourceAccount);
        }

        writer.WriteStartObject("context");
        foreach (ContextEntry entry in query.Context)
        {
            if (entry.IsMultivalued)
            {
                WriteStrings(writer, entry.Key, entry.Values);
            }
            else
            {
                writer.WriteString(entry.Key, entry.Values[0]);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, ImmutableArray<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
