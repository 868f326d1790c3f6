using StatementRef = Engine.Runtime.Evaluation.StatementRef;

namespace Engine.Compiler.Reference;

/// <summary>Whether one statement applied to a request and, if not, which part failed (iam-semantics.md §17, verbose mode).</summary>
/// <param name="Statement">The statement.</param>
/// <param name="Applies">Whether it applied.</param>
/// <param name="Why">What matched, or which of principal, action, resource or condition failed.</param>
public sealed record StatementTrace(StatementRef Statement, bool Applies, string Why);
