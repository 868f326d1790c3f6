using System.Collections.Immutable;

namespace Engine.Lint;

/// <summary>The findings of one document, most serious first, then in document order.</summary>
/// <param name="Findings">Every finding; a document that does not parse has only its parse errors.</param>
/// <param name="Parsed">Whether the document parsed (the checks only run on a valid document).</param>
public sealed record LintResult(ImmutableArray<PolicyFinding> Findings, bool Parsed);
