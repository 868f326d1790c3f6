namespace Engine.Compiler.Cases;

/// <summary>A case file, or one case in it, that could not be read; it counts as a failed case.</summary>
/// <param name="Source">The file and, when known, the case's name or index.</param>
/// <param name="Message">What is wrong, with the JSON path and line:column.</param>
public sealed record CaseLoadError(string Source, string Message)
{
    /// <summary><c>source: message</c>.</summary>
    public override string ToString() => $"{Source}: {Message}";
}
