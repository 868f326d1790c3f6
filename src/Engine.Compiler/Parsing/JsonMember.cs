using Engine.Compiler.Model;

namespace Engine.Compiler.Parsing;

/// <summary>One member of a JSON object, with where its name starts.</summary>
/// <param name="Name">The unescaped member name.</param>
/// <param name="NameLocation">The location of the name's opening quote.</param>
/// <param name="Value">The member's value.</param>
public readonly record struct JsonMember(string Name, SourceLocation NameLocation, JsonNode Value);
