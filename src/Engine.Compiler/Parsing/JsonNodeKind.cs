namespace Engine.Compiler.Parsing;

/// <summary>The JSON type of a <see cref="JsonNode"/>.</summary>
internal enum JsonNodeKind : byte
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}
