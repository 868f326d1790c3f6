using Engine.Compiler.Model;

namespace Engine.Gateway.Mapping;

/// <summary>One fault in a mapping file: the file, the JSON path, its line and column, and a message.</summary>
/// <param name="File">The mapping file as named on the command line.</param>
/// <param name="Path">The JSON path of the faulty element, e.g. <c>$.routes[1].resource</c>.</param>
/// <param name="Location">The line and column of the offending token.</param>
/// <param name="Message">The message: lowercase, user input in backticks.</param>
public sealed record GatewayMappingError(string File, string Path, SourceLocation Location, string Message)
{
    /// <summary><c>{File}: {Message} at {Path} ({Location})</c>, without the location when there is none.</summary>
    public override string ToString() =>
        Location.Line > 0 ? $"{File}: {Message} at {Path} ({Location})" : $"{File}: {Message}";
}
