using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Cases;

/// <summary>
/// Reads decision-case files (case-format.md): a <c>.json</c> file with one case, one suite or an
/// array of cases and suites, or a <c>.jsonl</c> file with one case or suite per line. Embedded
/// policies go through the policy parser with their position in the file, so every error names the
/// file, the case, the JSON path and line:column.
/// </summary>
public static partial class DecisionCaseReader
{
    /// <summary>Reads one file, adding its cases and errors to the builders.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cases">Receives the cases.</param>
    /// <param name="errors">Receives what failed to load.</param>
    public static void ReadFile(string path, ImmutableArray<DecisionCase>.Builder cases, ImmutableArray<CaseLoadError>.Builder errors)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(errors);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new CaseLoadError(path, $"cannot read the file: {e.Message}"));
            return;
        }

        ReadText(bytes, path, path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase), cases, errors);
    }

    /// <summary>Reads cases from UTF-8 text (a JSON value, or JSON Lines when <paramref name="jsonLines"/>).</summary>
    /// <param name="utf8">The text.</param>
    /// <param name="source">The name to report (a file path).</param>
    /// <param name="jsonLines">Whether the text is JSON Lines.</param>
    /// <param name="cases">Receives the cases.</param>
    /// <param name="errors">Receives what failed to load.</param>
    public static void ReadText(ReadOnlySpan<byte> utf8, string source, bool jsonLines, ImmutableArray<DecisionCase>.Builder cases, ImmutableArray<CaseLoadError>.Builder errors)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(errors);
        var lines = new LineIndex(utf8);
        if (!jsonLines)
        {
            ReadDocument(utf8, 0, lines, source, cases, errors);
            return;
        }

        int start = 0;
        while (start < utf8.Length)
        {
            int end = utf8[start..].IndexOf((byte)'\n');
            end = end < 0 ? utf8.Length : start + end;
            ReadOnlySpan<byte> line = utf8[start..end];
            if (!line.Trim(" \t\r"u8).IsEmpty)
            {
                ReadDocument(line, start, lines, source, cases, errors);
            }

            start = end + 1;
        }
    }

    private static void ReadDocument(ReadOnlySpan<byte> utf8, int offset, LineIndex lines, string source, ImmutableArray<DecisionCase>.Builder cases, ImmutableArray<CaseLoadError>.Builder errors)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        try
        {
            if (!reader.Read())
            {
                errors.Add(new CaseLoadError(source, "the file holds no case"));
                return;
            }

            if (reader.TokenType == JsonTokenType.StartArray)
            {
                int index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    ReadCaseOrSuite(ref reader, utf8, offset, lines, $"{source}[{index}]", $"$[{index}]", cases, errors);
                    index++;
                }
            }
            else
            {
                ReadCaseOrSuite(ref reader, utf8, offset, lines, source, "$", cases, errors);
            }

            if (reader.Read())
            {
                throw new CaseFormatException("unexpected text after the cases", reader.TokenStartIndex, "$");
            }
        }
        catch (JsonException e)
        {
            long line = (e.LineNumber ?? 0) + 1 + (lines.Locate(offset).Line - 1);
            errors.Add(new CaseLoadError(source, $"invalid JSON (line {line}, column {(e.BytePositionInLine ?? 0) + 1})"));
        }
        catch (CaseFormatException e)
        {
            errors.Add(new CaseLoadError(source, $"{e.Message} at {e.JsonPath} ({lines.Locate(offset + (int)e.Offset)})"));
        }
        // Utf8JsonReader checks the UTF-8 inside a string, and the pairing of its \u surrogate
        // escapes, only when the string is read, and then throws InvalidOperationException, not
        // JsonException (both found by fuzzing, issue #14; JsonTreeReader catches the same).
        catch (InvalidOperationException e) when (e.InnerException is DecoderFallbackException)
        {
            errors.Add(new CaseLoadError(source, $"a string is not valid UTF-8 ({lines.Locate(offset + (int)reader.TokenStartIndex)})"));
        }
        catch (InvalidOperationException)
        {
            errors.Add(new CaseLoadError(source, $"a string holds an unpaired surrogate escape such as \\uD800 ({lines.Locate(offset + (int)reader.TokenStartIndex)})"));
        }
    }

    // One element of a file: a suite when the object has a `cases` member (case-format.md, "Suites"), else a case.
    private static void ReadCaseOrSuite(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, int offset, LineIndex lines, string source, string path, ImmutableArray<DecisionCase>.Builder cases, ImmutableArray<CaseLoadError>.Builder errors)
    {
        if (IsSuite(reader))
        {
            ReadSuite(ref reader, utf8, offset, lines, source, path, cases, errors);
        }
        else
        {
            ReadOneCase(ref reader, utf8, offset, lines, source, path, cases, errors);
        }
    }

    private static void ReadOneCase(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, int offset, LineIndex lines, string source, string path, ImmutableArray<DecisionCase>.Builder cases, ImmutableArray<CaseLoadError>.Builder errors)
    {
        var policyErrors = new List<string>();
        CaseParts parts = ReadCaseMembers(ref reader, utf8, offset, lines, path, inSuite: false, policyErrors);
        string label = parts.Name is null ? source : $"{source} ({parts.Name})";
        if (policyErrors.Count > 0)
        {
            errors.Add(new CaseLoadError(label, string.Join(Environment.NewLine + "  ", policyErrors)));
            return;
        }

        cases.Add(new DecisionCase(parts.Name ?? source, parts.Description, parts.Policies, parts.Query, parts.Expect, $"{source} ({lines.Locate(offset + (int)parts.Start)})"));
    }

    /// <summary>The members of one case object; <c>policies</c> is refused inside a suite.</summary>
    private static CaseParts ReadCaseMembers(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, int offset, LineIndex lines, string path, bool inSuite, List<string> policyErrors)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a case must be a JSON object", path);
        long caseStart = reader.TokenStartIndex;
        string? name = null, description = null;
        PolicySet? policies = null;
        AuthorizationQuery? query = null;
        Decision? expect = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string member = reader.GetString()!;
            long memberStart = reader.TokenStartIndex;
            string memberPath = $"{path}.{member}";
            reader.Read();
            switch (member)
            {
                case "name": name = ReadString(ref reader, "name", memberPath); break;
                case "description": description = reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, "description", memberPath); break;
                case "policies" when inSuite:
                    throw new CaseFormatException("a case inside a suite carries its own `policies` (the suite's `policies` decide its cases)", memberStart, memberPath);
                case "policies": policies = reader.TokenType == JsonTokenType.Null ? null : ReadPolicies(ref reader, utf8, offset, lines, path, policyErrors); break;
                case "request": query = ReadRequest(ref reader, memberPath); break;
                case "expect": expect = reader.TokenType == JsonTokenType.Null ? null : ReadDecision(ref reader, memberPath); break;
                default: throw new CaseFormatException($"unknown case member `{member}`", memberStart, memberPath);
            }
        }

        if (query is null)
        {
            throw new CaseFormatException("a case needs a `request`", caseStart, path);
        }

        return new CaseParts(name, description, policies, query, expect, caseStart);
    }

    /// <summary>A case as read, before its name and policies are settled (a suite supplies both).</summary>
    private readonly record struct CaseParts(string? Name, string? Description, PolicySet? Policies, AuthorizationQuery Query, Decision? Expect, long Start);

    /// <summary>Reads a <c>policies</c> object; <paramref name="casePath"/> is the JSON path of the case or suite holding it.</summary>
    private static PolicySet ReadPolicies(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, int offset, LineIndex lines, string casePath, List<string> errors)
    {
        Expect(ref reader, JsonTokenType.StartObject, "`policies` must be an object", $"{casePath}.policies");
        ImmutableArray<PolicyDocument> identity = [], boundary = [], session = [];
        PolicyDocument? resource = null, vpcEndpoint = null;
        ImmutableArray<ImmutableArray<PolicyDocument>>? scps = null, rcps = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string member = reader.GetString()!;
            long memberStart = reader.TokenStartIndex;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            string where = $"policies.{member}";
            switch (member)
            {
                case "identity": identity = ReadPolicyList(ref reader, utf8, offset, lines, casePath, PolicyKind.Identity, where, errors); break;
                case "resource": resource = ReadPolicy(ref reader, utf8, offset, lines, PolicyKind.Resource, where, errors); break;
                case "permissionsBoundary": boundary = ReadOneOrMany(ref reader, utf8, offset, lines, casePath, PolicyKind.PermissionsBoundary, where, errors); break;
                case "session": session = ReadOneOrMany(ref reader, utf8, offset, lines, casePath, PolicyKind.Session, where, errors); break;
                case "scps": scps = ReadLevels(ref reader, utf8, offset, lines, casePath, PolicyKind.Scp, where, errors); break;
                case "rcps": rcps = ReadLevels(ref reader, utf8, offset, lines, casePath, PolicyKind.Rcp, where, errors); break;
                case "vpcEndpoint": vpcEndpoint = ReadEndpointPolicy(ref reader, utf8, offset, lines, casePath, where, errors); break;
                default: throw new CaseFormatException($"unknown policies member `{member}`", memberStart, $"{casePath}.policies.{member}");
            }
        }

        return new PolicySet(identity, resource, boundary, session, scps, rcps, vpcEndpoint);
    }

    // SPEC: iam-semantics-amendments.md §15.6.2 — one document or null; any other JSON type is a malformed case.
    private static PolicyDocument? ReadEndpointPolicy(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, int offset, LineIndex lines, string casePath, string where, List<string> errors)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"`{where}` must be one policy document or null", $"{casePath}.{where}");
        return ReadPolicy(ref reader, utf8, offset, lines, PolicyKind.VpcEndpoint, where, errors);
    }

    private static ImmutableArray<ImmutableArray<PolicyDocument>> ReadLevels(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, int offset, LineIndex lines, string casePath, PolicyKind kind, string where, List<string> errors)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"`{where}` must be an array of levels, each an array of policies", $"{casePath}.{where}");
        var levels = ImmutableArray.CreateBuilder<ImmutableArray<PolicyDocument>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            levels.Add(ReadPolicyList(ref reader, utf8, offset, lines, casePath, kind, $"{where}[{levels.Count}]", errors));
        }

        return levels.ToImmutable();
    }

    private static ImmutableArray<PolicyDocument> ReadOneOrMany(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, int offset, LineIndex lines, string casePath, PolicyKind kind, string where, List<string> errors) =>
        reader.TokenType == JsonTokenType.StartArray
            ? ReadPolicyList(ref reader, utf8, offset, lines, casePath, kind, where, errors)
            : ReadPolicy(ref reader, utf8, offset, lines, kind, where, errors) is { } single ? [single] : [];

    private static ImmutableArray<PolicyDocument> ReadPolicyList(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, int offset, LineIndex lines, string casePath, PolicyKind kind, string where, List<string> errors)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"`{where}` must be an array of policies", $"{casePath}.{where}");
        var list = ImmutableArray.CreateBuilder<PolicyDocument>();
        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (ReadPolicy(ref reader, utf8, offset, lines, kind, $"{where}[{index}]", errors) is { } document)
            {
                list.Add(document);
            }

            index++;
        }

        return list.ToImmutable();
    }

    // The policy's bytes are handed to the policy parser with their position in the file.
    private static PolicyDocument? ReadPolicy(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, int offset, LineIndex lines, PolicyKind kind, string where, List<string> errors)
    {
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        int end = (int)reader.BytesConsumed;
        PolicyParseResult result = PolicyParser.Parse(utf8[start..end], kind, lines.Locate(offset + start));
        foreach (PolicyError error in result.Errors)
        {
            errors.Add($"{where}: {error}");
        }

        return result.Document;
    }

    private static AuthorizationQuery ReadRequest(ref Utf8JsonReader reader, string path)
    {
        Expect(ref reader, JsonTokenType.StartObject, "`request` must be an object", path);
        long requestStart = reader.TokenStartIndex;
        string? principal = null, action = null, resource = null, resourceAccount = null;
        var context = ImmutableArray.CreateBuilder<ContextEntry>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string member = reader.GetString()!;
            long memberStart = reader.TokenStartIndex;
            reader.Read();
            switch (member)
            {
                case "principal": principal = ReadString(ref reader, "request.principal", $"{path}.principal"); break;
                case "action": action = ReadString(ref reader, "request.action", $"{path}.action"); break;
                case "resource": resource = ReadString(ref reader, "request.resource", $"{path}.resource"); break;
                case "resourceAccount": resourceAccount = reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, "request.resourceAccount", $"{path}.resourceAccount"); break;
                case "context": ReadContext(ref reader, $"{path}.context", context); break;
                default: throw new CaseFormatException($"unknown request member `{member}`", memberStart, $"{path}.{member}");
            }
        }

        if (principal is null || action is null || resource is null)
        {
            throw new CaseFormatException("a request needs `principal`, `action` and `resource`", requestStart, path);
        }

        return new AuthorizationQuery(principal, action, resource, resourceAccount, context.ToImmutable());
    }

    // SPEC: case-format.md — a value is a string or an array of strings; JSON numbers and booleans
    // become their JSON text (iam-semantics.md §1.4).
    private static void ReadContext(ref Utf8JsonReader reader, string path, ImmutableArray<ContextEntry>.Builder context)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        Expect(ref reader, JsonTokenType.StartObject, "`request.context` must be an object", path);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                var values = ImmutableArray.CreateBuilder<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    values.Add(ReadScalar(ref reader, key, $"{path}.{key}"));
                }

                // A case file is trusted text asked again and again: its keys may be atomized.
                context.Add(new ContextEntry(key, values.ToImmutable(), IsMultivalued: true) { AtomizesOnReuse = true });
            }
            else
            {
                context.Add(new ContextEntry(key, [ReadScalar(ref reader, key, $"{path}.{key}")], IsMultivalued: false) { AtomizesOnReuse = true });
            }
        }
    }

    private static string ReadScalar(ref Utf8JsonReader reader, string key, string path) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => Encoding.UTF8.GetString(reader.ValueSpan),
        _ => throw new CaseFormatException($"context value of `{key}` must be a string, number or boolean", reader.TokenStartIndex, path),
    };

    private static Decision ReadDecision(ref Utf8JsonReader reader, string path)
    {
        string text = ReadString(ref reader, "expect", path);
        return text switch
        {
            "Allow" => Decision.Allow,
            "ExplicitDeny" => Decision.ExplicitDeny,
            "ImplicitDeny" => Decision.ImplicitDeny,
            _ => throw new CaseFormatException($"`{text}` is not a decision; use \"Allow\", \"ExplicitDeny\" or \"ImplicitDeny\"", reader.TokenStartIndex, path),
        };
    }

    private static string ReadString(ref Utf8JsonReader reader, string what, string path)
    {
        Expect(ref reader, JsonTokenType.String, $"`{what}` must be a string", path);
        return reader.GetString()!;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string message, string path)
    {
        if (reader.TokenType != type)
        {
            throw new CaseFormatException(message, reader.TokenStartIndex, path);
        }
    }

    /// <summary>A fault in the case structure, at a JSON path and a byte offset of the document.</summary>
    private sealed class CaseFormatException(string message, long offset, string jsonPath) : Exception(message)
    {
        public long Offset { get; } = offset;

        public string JsonPath { get; } = jsonPath;
    }
}
