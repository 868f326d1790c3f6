using System.Text;
using System.Text.Json;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;

namespace Engine.Compiler.Parsing;

/// <summary>
/// Reads strict JSON (RFC 8259: no comments, no trailing commas, one value) into a located
/// <see cref="JsonNode"/> tree, reporting syntax faults as <see cref="PolicyErrorCode.InvalidJson"/>
/// and repeated member names as <see cref="PolicyErrorCode.DuplicateMember"/> (iam-semantics.md §2.1).
/// Public so that other JSON inputs (bundle manifests, authorization-details files) report their
/// errors with the same paths, positions and duplicate-member checks as a policy.
/// </summary>
public sealed class JsonTreeReader
{
    private const int MaxDepth = 64;

    // Below this many members a linear scan finds duplicates faster than hashing.
    private const int LinearScanLimit = 16;

    private static readonly JsonReaderOptions s_options = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = MaxDepth,
    };

    private readonly TextPositions _positions;
    private readonly List<PolicyError> _errors;
    private readonly List<(string? Name, int Index)> _path = [];

    private JsonTreeReader(TextPositions positions, List<PolicyError> errors)
    {
        _positions = positions;
        _errors = errors;
    }

    /// <summary>Reads a whole UTF-8 text that starts its file (line 1, column 1).</summary>
    /// <param name="utf8">The text, without a byte order mark.</param>
    /// <param name="errors">Receives every syntax fault and repeated member name, with its JSON path and line:column.</param>
    /// <returns>The tree, or null (with an error added) when the text is not JSON. A tree may come with
    /// <see cref="PolicyErrorCode.DuplicateMember"/> errors (the first occurrence of a name is kept).</returns>
    public static JsonNode? Read(ReadOnlySpan<byte> utf8, List<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Read(utf8, new TextPositions(default), errors);
    }

    /// <summary>Reads the whole text; returns null (with an error added) when it is not JSON.</summary>
    internal static JsonNode? Read(ReadOnlySpan<byte> utf8, TextPositions positions, List<PolicyError> errors)
    {
        int start = SkipWhitespace(utf8, 0);
        if (start == utf8.Length)
        {
            errors.Add(new PolicyError(PolicyErrorCode.InvalidJson, JsonPath.Root, positions.At(utf8, start), "the document is empty"));
            return null;
        }

        var tree = new JsonTreeReader(positions, errors);
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, new JsonReaderState(s_options));
        try
        {
            reader.Read();
            JsonNode root = tree.ReadValue(ref reader, utf8);
            if (reader.Read())
            {
                // The reader already rejects a second value; this guards that assumption.
                tree.AddInvalidJson(utf8, (int)reader.TokenStartIndex, "unexpected content after the document");
                return null;
            }

            return root;
        }
        catch (JsonException exception)
        {
            tree.AddJsonException(utf8, exception, reader.CurrentDepth);
            return null;
        }
        catch (InvalidOperationException)
        {
            // GetString throws this for a string whose bytes are not valid UTF-8.
            tree.AddInvalidJson(utf8, (int)reader.TokenStartIndex, "a string cannot be decoded (invalid UTF-8 or an unpaired surrogate escape)");
            return null;
        }
    }

    private JsonNode ReadValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8)
    {
        SourceLocation location = _positions.At(utf8, (int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, utf8, location);
            case JsonTokenType.StartArray:
                var items = new List<JsonNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    _path.Add((null, items.Count));
                    items.Add(ReadValue(ref reader, utf8));
                    _path.RemoveAt(_path.Count - 1);
                }

                return JsonNode.NewArray(location, items);
            case JsonTokenType.String:
                return JsonNode.NewScalar(JsonNodeKind.String, location, reader.GetString());
            case JsonTokenType.Number:
                // SPEC: iam-semantics.md §2.6: a number becomes its JSON text exactly as written.
                return JsonNode.NewScalar(JsonNodeKind.Number, location, Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.True:
                return JsonNode.NewScalar(JsonNodeKind.True, location, "true");
            case JsonTokenType.False:
                return JsonNode.NewScalar(JsonNodeKind.False, location, "false");
            default:
                return JsonNode.NewScalar(JsonNodeKind.Null, location, null);
        }
    }

    private JsonNode ReadObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, SourceLocation location)
    {
        var members = new List<JsonMember>();
        HashSet<string>? seen = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            SourceLocation nameLocation = _positions.At(utf8, (int)reader.TokenStartIndex);
            string name = reader.GetString()!;
            reader.Read();
            _path.Add((name, 0));
            JsonNode value = ReadValue(ref reader, utf8);
            _path.RemoveAt(_path.Count - 1);

            if (IsDuplicate(members, ref seen, name))
            {
                // SPEC: iam-semantics.md §2.1: reported at the second occurrence; the first one is kept.
                _errors.Add(new PolicyError(PolicyErrorCode.DuplicateMember, CurrentPath(), nameLocation, $"member {Quote.User(name)} appears twice"));
                continue;
            }

            members.Add(new JsonMember(name, nameLocation, value));
        }

        return JsonNode.NewObject(location, members);
    }

    private static bool IsDuplicate(List<JsonMember> members, ref HashSet<string>? seen, string name)
    {
        if (seen is null && members.Count < LinearScanLimit)
        {
            foreach (JsonMember member in members)
            {
                if (string.Equals(member.Name, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        if (seen is null)
        {
            seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonMember member in members)
            {
                seen.Add(member.Name);
            }
        }

        return !seen.Add(name);
    }

    private string CurrentPath()
    {
        string path = JsonPath.Root;
        foreach ((string? name, int index) in _path)
        {
            path = name is null ? JsonPath.Item(path, index) : JsonPath.Member(path, name);
        }

        return path;
    }

    private void AddJsonException(ReadOnlySpan<byte> utf8, JsonException exception, int depth)
    {
        int index = TextPositions.ByteIndexOf(utf8, exception.LineNumber ?? 0, exception.BytePositionInLine ?? 0);
        string message;
        if (depth >= MaxDepth - 1)
        {
            message = $"the JSON nests deeper than {MaxDepth} levels";
        }
        else if (SkipWhitespace(utf8, index) >= utf8.Length)
        {
            message = "the document ends before the JSON is complete";
        }
        else if (utf8[index] == (byte)'/')
        {
            message = "invalid JSON: comments are not allowed";
        }
        else
        {
            message = "invalid JSON: " + Describe(exception.Message);
        }

        _errors.Add(new PolicyError(PolicyErrorCode.InvalidJson, CurrentPath(), _positions.At(utf8, index), message));
    }

    private void AddInvalidJson(ReadOnlySpan<byte> utf8, int byteIndex, string message) =>
        _errors.Add(new PolicyError(PolicyErrorCode.InvalidJson, CurrentPath(), _positions.At(utf8, byteIndex), message));

    /// <summary>
    /// The reader's message in the house grammar: without its position suffix, without advice about
    /// reader options (which a policy author cannot change), lowercase sentences joined by <c>;</c>.
    /// </summary>
    private static string Describe(string readerMessage)
    {
        int cut = readerMessage.IndexOf(" LineNumber:", StringComparison.Ordinal);
        string text = cut >= 0 ? readerMessage[..cut] : readerMessage;
        if (text.Contains("trailing comma", StringComparison.OrdinalIgnoreCase))
        {
            return "trailing commas are not allowed";
        }

        if (text.Contains("comment", StringComparison.OrdinalIgnoreCase))
        {
            return "comments are not allowed";
        }

        var sentences = new List<string>();
        foreach (string sentence in text.Split(". ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string clean = sentence.TrimEnd('.');
            if (clean.Length > 0 && !clean.Contains("option", StringComparison.OrdinalIgnoreCase))
            {
                sentences.Add(char.ToLowerInvariant(clean[0]) + clean[1..]);
            }
        }

        // The reader quotes input in single quotes; the house style quotes it in backticks.
        return sentences.Count > 0 ? string.Join("; ", sentences).Replace('\'', '`') : "unreadable text";
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> utf8, int index)
    {
        while (index < utf8.Length && IsWhitespace(utf8[index]))
        {
            index++;
        }

        return index;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
