using Engine.Compiler.Model;

namespace Engine.Bundles;

/// <summary>
/// One fault in a bundle: the file it is in (relative to the bundle directory), the JSON path of
/// the faulty element, its line and column, and a message in lowercase with user input in backticks.
/// </summary>
/// <param name="File">The file, relative to the bundle directory (<c>bundle.json</c>, <c>policies/x.json</c>).</param>
/// <param name="Path">The JSON path, e.g. <c>$.users['arn:aws:iam::111122223333:user/alice'].policies[0]</c>.</param>
/// <param name="Location">The line and column of the offending token; <c>default</c> when the file as a whole is at fault.</param>
/// <param name="Message">The human message, e.g. <c>unknown policy `ReadOnly`</c>.</param>
public sealed record BundleError(string File, string Path, SourceLocation Location, string Message)
{
    /// <summary><c>{File}: {Message} at {Path} ({Location})</c>, without the location when there is none.</summary>
    public override string ToString() =>
        Location.Line > 0 ? $"{File}: {Message} at {Path} ({Location})" : $"{File}: {Message}";
}
