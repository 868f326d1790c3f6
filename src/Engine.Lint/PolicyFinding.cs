using System.Collections.Immutable;

namespace Engine.Lint;

/// <summary>A position in a policy document: line from 1, column and offset (in characters) from 0, as Access Analyzer counts.</summary>
/// <param name="Line">Line, from 1.</param>
/// <param name="Column">Column in characters, from 0.</param>
/// <param name="Offset">Offset from the start of the document in characters, from 0.</param>
public readonly record struct SourcePosition(int Line, int Column, int Offset);

/// <summary>The text a finding is about; <see cref="End"/> is exclusive.</summary>
/// <param name="Start">First character.</param>
/// <param name="End">One past the last character.</param>
public readonly record struct SourceSpan(SourcePosition Start, SourcePosition End);

/// <summary>One step of a JSON path: a member name or an array index.</summary>
/// <param name="Value">The member name, or null for an index.</param>
/// <param name="Index">The array index, or null for a member.</param>
public readonly record struct PathElement(string? Value, int? Index)
{
    /// <inheritdoc/>
    public override string ToString() => Index is { } i ? $"[{i}]" : "." + Value;
}

/// <summary>One finding of the policy checks.</summary>
/// <param name="Type">How serious it is.</param>
/// <param name="IssueCode">Access Analyzer's issue code (or ours, for checks it does not have).</param>
/// <param name="Message">What is wrong, naming the offending text in backticks.</param>
/// <param name="Path">The JSON path of the offending element.</param>
/// <param name="Span">Where the offending element is.</param>
/// <param name="Action">The action entry the finding is about, if any (for suppressions).</param>
/// <param name="Resource">The resource entry the finding is about, if any (for suppressions).</param>
public sealed record PolicyFinding(
    FindingType Type,
    string IssueCode,
    string Message,
    ImmutableArray<PathElement> Path,
    SourceSpan Span,
    string? Action = null,
    string? Resource = null)
{
    /// <summary>Access Analyzer's reference page for the check.</summary>
    public string LearnMoreLink => IssueCodes.LearnMoreLink(Type, IssueCode);

    /// <summary>The path as <c>$.Statement[0].Action[3]</c>.</summary>
    public string PathText => "$" + string.Concat(Path.Select(p => p.ToString()));
}
