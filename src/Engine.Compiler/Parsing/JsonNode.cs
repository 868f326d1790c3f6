using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;

namespace Engine.Compiler.Parsing;

/// <summary>
/// A located JSON value. The policy reader needs every token's line and column and must see
/// duplicate member names, which System.Text.Json's DOM neither keeps nor reports, so the parser
/// builds this small tree instead. Read one with <see cref="JsonTreeReader.Read(ReadOnlySpan{byte}, List{PolicyError})"/>.
/// </summary>
public sealed class JsonNode
{
    private JsonNode(JsonNodeKind kind, SourceLocation location, string? text, List<JsonMember>? members, List<JsonNode>? items)
    {
        Kind = kind;
        Location = location;
        Text = text;
        Members = members;
        Items = items;
    }

    /// <summary>The JSON type.</summary>
    public JsonNodeKind Kind { get; }

    /// <summary>Where the value's first character is.</summary>
    public SourceLocation Location { get; }

    /// <summary>The unescaped string, the number exactly as written, or <c>true</c>/<c>false</c>; null otherwise.</summary>
    public string? Text { get; }

    /// <summary>An object's members without repeated names (the first occurrence wins).</summary>
    public IReadOnlyList<JsonMember>? Members { get; }

    /// <summary>An array's items.</summary>
    public IReadOnlyList<JsonNode>? Items { get; }

    /// <summary>Whether this is a string, number or boolean.</summary>
    public bool IsScalarText => Kind is JsonNodeKind.String or JsonNodeKind.Number or JsonNodeKind.True or JsonNodeKind.False;

    /// <summary>The member named <paramref name="name"/> (ordinal), if any.</summary>
    /// <param name="name">The member name, compared ordinally.</param>
    /// <returns>The member, or null when this is not an object or has no such member.</returns>
    public JsonMember? Find(string name)
    {
        if (Members is null)
        {
            return null;
        }

        foreach (JsonMember member in Members)
        {
            if (string.Equals(member.Name, name, StringComparison.Ordinal))
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>The JSON type in words, for messages (<c>a string</c>, <c>an object</c>, …).</summary>
    /// <returns>The words.</returns>
    public string Describe() => Kind switch
    {
        JsonNodeKind.Object => "an object",
        JsonNodeKind.Array => "a list",
        JsonNodeKind.String => "a string",
        JsonNodeKind.Number => "a number",
        JsonNodeKind.True or JsonNodeKind.False => "a boolean",
        _ => "null",
    };

    internal static JsonNode NewObject(SourceLocation location, List<JsonMember> members) => new(JsonNodeKind.Object, location, null, members, null);

    internal static JsonNode NewArray(SourceLocation location, List<JsonNode> items) => new(JsonNodeKind.Array, location, null, null, items);

    internal static JsonNode NewScalar(JsonNodeKind kind, SourceLocation location, string? text) => new(kind, location, text, null, null);
}
