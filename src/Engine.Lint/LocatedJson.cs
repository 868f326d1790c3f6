using System.Text;
using System.Text.Json;

namespace Engine.Lint;

/// <summary>
/// A JSON value with its byte range in the document. The compiler's model keeps no spans; the checks read
/// this tree beside the model so every finding points at the exact text (path elements and span).
/// </summary>
internal sealed class LocatedJson
{
    private LocatedJson(JsonValueKind kind, int start)
    {
        Kind = kind;
        Start = start;
    }

    public JsonValueKind Kind { get; }

    /// <summary>First byte.</summary>
    public int Start { get; }

    /// <summary>One past the last byte.</summary>
    public int End { get; private set; }

    /// <summary>A string's value, or a number's or literal's text.</summary>
    public string? Text { get; private set; }

    public List<KeyValuePair<string, LocatedJson>>? Members { get; private set; }

    public List<LocatedJson>? Items { get; private set; }

    public LocatedJson? Get(string name)
    {
        if (Members is null)
        {
            return null;
        }

        foreach (KeyValuePair<string, LocatedJson> member in Members)
        {
            if (string.Equals(member.Key, name, StringComparison.Ordinal))
            {
                return member.Value;
            }
        }

        return null;
    }

    public static LocatedJson? TryParse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            return reader.Read() ? ReadValue(ref reader) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static LocatedJson ReadValue(ref Utf8JsonReader reader)
    {
        var node = new LocatedJson(reader.TokenType switch
        {
            JsonTokenType.StartObject => JsonValueKind.Object,
            JsonTokenType.StartArray => JsonValueKind.Array,
            JsonTokenType.String => JsonValueKind.String,
            JsonTokenType.Number => JsonValueKind.Number,
            JsonTokenType.True => JsonValueKind.True,
            JsonTokenType.False => JsonValueKind.False,
            _ => JsonValueKind.Null,
        }, (int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                node.Members = [];
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string name = reader.GetString()!;
                    reader.Read();
                    node.Members.Add(new(name, ReadValue(ref reader)));
                }

                node.End = (int)reader.TokenStartIndex + 1;
                break;
            case JsonTokenType.StartArray:
                node.Items = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    node.Items.Add(ReadValue(ref reader));
                }

                node.End = (int)reader.TokenStartIndex + 1;
                break;
            case JsonTokenType.String:
                node.Text = reader.GetString();
                node.End = node.Start + reader.ValueSpan.Length + 2;
                break;
            default:
                node.Text = Encoding.UTF8.GetString(reader.ValueSpan);
                node.End = node.Start + reader.ValueSpan.Length;
                break;
        }

        return node;
    }
}
