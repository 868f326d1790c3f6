using System.Text;
using System.Text.Json;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles.Accounts;

/// <summary>
/// Parses the policy documents embedded in authorization-details files into the bundle's catalog:
/// a JSON object (what the AWS CLI prints, errors at the file's own line:column), a URL-encoded
/// string (what the raw IAM API returns) or a JSON string. Each (key, policy type) is parsed once;
/// a failure is reported once.
/// </summary>
internal sealed class EmbeddedDocuments(PolicyCatalog catalog, List<BundleError> errors)
{
    private readonly HashSet<(string Key, PolicyKind Kind)> _failed = [];

    /// <summary>
    /// The catalog id of <paramref name="document"/> parsed as <paramref name="kind"/>, added under
    /// <paramref name="key"/> and shown as <paramref name="name"/>; -1 (reported) when it is not a valid policy.
    /// </summary>
    public int Resolve(Located document, string key, string name, PolicyKind kind)
    {
        if (catalog.TryGetParsed(key, kind, out int id))
        {
            return id;
        }

        if (_failed.Contains((key, kind)))
        {
            return -1;
        }

        PolicyParseResult? result = Parse(document, kind);
        if (result is { Success: true })
        {
            return catalog.Add(key, name, kind, result.Document!);
        }

        _failed.Add((key, kind));
        return -1;
    }

    /// <summary>A text that equals another's exactly when the two documents are written the same (for sharing inline policies).</summary>
    public static string ContentKey(Located document) =>
        document.Node.Kind == JsonNodeKind.String ? document.Node.Text! : AuthorizationDetailsReader.Canonical(document.Node);

    private PolicyParseResult? Parse(Located document, PolicyKind kind)
    {
        JsonNode node = document.Node;
        if (node.Kind == JsonNodeKind.Object)
        {
            // The document's own bytes, so its errors carry the file's lines and columns.
            ReadOnlySpan<byte> text = Slice(document.File, node);
            PolicyParseResult result = PolicyParser.Parse(text, kind, node.Location);
            foreach (PolicyError error in result.Errors)
            {
                errors.Add(new BundleError(document.File.Name, document.Path + error.Path[1..], error.Location, $"{error.Message} (as {Describe(kind)})"));
            }

            return result;
        }

        if (node.Kind != JsonNodeKind.String)
        {
            Error(document, $"a policy document must be an object or a URL-encoded string, not {node.Describe()}");
            return null;
        }

        string raw = node.Text!;
        byte[]? bytes = raw.AsSpan().TrimStart().StartsWith("{") ? Encoding.UTF8.GetBytes(raw) : UrlDecode(document, raw);
        if (bytes is null)
        {
            return null;
        }

        PolicyParseResult decoded = PolicyParser.Parse(bytes, kind);
        foreach (PolicyError error in decoded.Errors)
        {
            Error(document, $"in the decoded policy document: {error.Message} at {error.Path} ({error.Location}) (as {Describe(kind)})");
        }

        return decoded;
    }

    private static ReadOnlySpan<byte> Slice(DetailsFile file, JsonNode node)
    {
        int start = file.OffsetOf(node.Location);
        var reader = new Utf8JsonReader(file.Bytes.AsSpan(start));
        reader.Read();
        reader.Skip();
        return file.Bytes.AsSpan(start, (int)reader.BytesConsumed);
    }

    // RFC 3986 percent-decoding, and '+' as a space as java.net.URLDecoder (which AWS's documentation
    // suggests) reads it: IAM encodes a literal '+' as %2B, so a bare '+' never means itself.
    private byte[]? UrlDecode(Located document, string text)
    {
        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                {
                    string found = text.Substring(i, Math.Min(3, text.Length - i));
                    Error(document, $"malformed URL-encoded policy document: {Quote.User(found)} at character {i + 1} is not `%` and two hex digits");
                    return null;
                }

                bytes.Add((byte)Convert.ToInt32(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else
            {
                int length = Encoding.UTF8.GetBytes(text.AsSpan(i, char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1), utf8);
                i += char.IsHighSurrogate(c) && i + 1 < text.Length ? 1 : 0;
                for (int b = 0; b < length; b++)
                {
                    bytes.Add(utf8[b]);
                }
            }
        }

        return [.. bytes];
    }

    private void Error(Located at, string message) => errors.Add(new BundleError(at.File.Name, at.Path, at.Node.Location, message));

    private static string Describe(PolicyKind kind) => kind switch
    {
        PolicyKind.Identity => "an identity policy",
        PolicyKind.Resource => "a role trust policy",
        PolicyKind.PermissionsBoundary => "a permissions boundary",
        _ => kind.ToString(),
    };
}
