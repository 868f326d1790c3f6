namespace Engine.Compiler.Model;

/// <summary>A 1-based line and column in a source text.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column, in characters.</param>
public readonly record struct SourceLocation(int Line, int Column)
{
    /// <summary><c>line L, column C</c>.</summary>
    public override string ToString() => $"line {Line}, column {Column}";
}
