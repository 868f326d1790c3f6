using System.Diagnostics.CodeAnalysis;

namespace Engine.Compiler.Parsing;

/// <summary>The JSON type of a <see cref="JsonNode"/>.</summary>
public enum JsonNodeKind : byte
{
    /// <summary>An object: <see cref="JsonNode.Members"/>.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The JSON type names, as System.Text.Json.JsonValueKind spells them.")]
    Object,

    /// <summary>An array: <see cref="JsonNode.Items"/>.</summary>
    Array,

    /// <summary>A string: <see cref="JsonNode.Text"/> is unescaped.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The JSON type names, as System.Text.Json.JsonValueKind spells them.")]
    String,

    /// <summary>A number: <see cref="JsonNode.Text"/> is its JSON text exactly as written.</summary>
    Number,

    /// <summary><c>true</c>.</summary>
    True,

    /// <summary><c>false</c>.</summary>
    False,

    /// <summary><c>null</c>.</summary>
    Null,
}
