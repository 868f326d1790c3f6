using Engine.Compiler.Model;

namespace Engine.Compiler.Diagnostics;

/// <summary>
/// One fault in a policy document (iam-semantics.md §2.9): a stable code, the JSON path of the
/// faulty element, the line and column of the offending token, and a message in lowercase with
/// user input in backticks.
/// </summary>
/// <param name="Code">The stable error code.</param>
/// <param name="Path">The JSON path, e.g. <c>$.Statement[2].Condition</c>.</param>
/// <param name="Location">The line and column of the offending token.</param>
/// <param name="Message">The human message, e.g. <c>unknown condition operator `StringLikee`</c>.</param>
public sealed record PolicyError(PolicyErrorCode Code, string Path, SourceLocation Location, string Message)
{
    /// <summary><c>{Message} at {Path} ({Location})</c>.</summary>
    public override string ToString() => $"{Message} at {Path} ({Location})";
}
