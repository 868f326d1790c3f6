using System.Collections.Immutable;
using System.Text;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Parsing;

/// <summary>
/// Parses and validates IAM policy documents (iam-semantics.md §2): strict JSON, the grammar of
/// §2.2–§2.6 and the rules per policy type of §2.5. Every error of a document is reported, each
/// with its code, JSON path, line and column.
/// </summary>
public static class PolicyParser
{
    /// <summary>Parses a UTF-8 policy document.</summary>
    /// <param name="utf8Json">The document's bytes.</param>
    /// <param name="kind">The policy type, which decides the rules of §2.5.</param>
    /// <param name="origin">
    /// Where the text starts inside a larger file, so errors carry that file's lines and columns;
    /// <c>default</c> means line 1, column 1.
    /// </param>
    /// <returns>The document, or every error found.</returns>
    public static PolicyParseResult Parse(ReadOnlySpan<byte> utf8Json, PolicyKind kind, SourceLocation origin = default)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (utf8Json.StartsWith(bom))
        {
            // A byte order mark is not part of the text: skip it without moving the origin.
            utf8Json = utf8Json[bom.Length..];
        }

        var errors = new List<PolicyError>();
        var positions = new TextPositions(origin);
        JsonNode? root = JsonTreeReader.Read(utf8Json, positions, errors);
        PolicyDocument? document = root is null ? null : new PolicyDocumentReader(kind, errors).ReadDocument(root);
        if (errors.Count == 0 && document is not null)
        {
            return new PolicyParseResult(document, []);
        }

        ImmutableArray<PolicyError> sorted = [.. errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column)];
        return new PolicyParseResult(null, sorted);
    }

    /// <summary>Parses a policy document held in a string.</summary>
    /// <param name="json">The document's text.</param>
    /// <param name="kind">The policy type, which decides the rules of §2.5.</param>
    /// <returns>The document, or every error found.</returns>
    public static PolicyParseResult Parse(string json, PolicyKind kind)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), kind);
    }

    /// <summary>Parses a UTF-8 policy document, throwing when it has errors.</summary>
    /// <param name="utf8Json">The document's bytes.</param>
    /// <param name="kind">The policy type, which decides the rules of §2.5.</param>
    /// <param name="origin">Where the text starts inside a larger file; <c>default</c> means line 1, column 1.</param>
    /// <returns>The valid document.</returns>
    /// <exception cref="PolicyParseException">The document has one or more errors.</exception>
    public static PolicyDocument ParseOrThrow(ReadOnlySpan<byte> utf8Json, PolicyKind kind, SourceLocation origin = default)
    {
        PolicyParseResult result = Parse(utf8Json, kind, origin);
        return result.Document ?? throw new PolicyParseException(result.Errors);
    }

    /// <summary>Parses a policy document held in a string, throwing when it has errors.</summary>
    /// <param name="json">The document's text.</param>
    /// <param name="kind">The policy type, which decides the rules of §2.5.</param>
    /// <returns>The valid document.</returns>
    /// <exception cref="PolicyParseException">The document has one or more errors.</exception>
    public static PolicyDocument ParseOrThrow(string json, PolicyKind kind)
    {
        PolicyParseResult result = Parse(json, kind);
        return result.Document ?? throw new PolicyParseException(result.Errors);
    }
}
