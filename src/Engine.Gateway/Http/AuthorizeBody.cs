using Engine.Compiler.Model;
using Engine.Compiler.Parsing;

namespace Engine.Gateway.Http;

/// <summary>One question of a JSON API body, with the batch item's <c>id</c> when it had one.</summary>
/// <param name="Query">The question.</param>
/// <param name="Id">The item's <c>id</c> (a string or number, echoed as given), or null.</param>
public sealed record AuthorizeItem(AuthorizationQuery Query, JsonNode? Id);

/// <summary>Why a JSON API body was refused: the message, the JSON path and the line:column of the fault.</summary>
/// <param name="Message">The message.</param>
/// <param name="Path">The JSON path.</param>
/// <param name="Location">The line and column.</param>
public sealed record AuthorizeBodyError(string Message, string Path, SourceLocation Location);
