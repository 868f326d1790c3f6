using System.Collections.Immutable;
using Decision = Engine.Runtime.Evaluation.Decision;
using StatementRef = Engine.Runtime.Evaluation.StatementRef;

namespace Engine.Compiler.Reference;

/// <summary>
/// The reference interpreter's answer with its explanation (iam-semantics.md §17).
/// </summary>
/// <param name="Decision">The decision; <see cref="Decision.ImplicitDeny"/> when <paramref name="Error"/> is set (fail closed).</param>
/// <param name="Deciding">The deciding statements, the first one being <em>the</em> deciding statement.</param>
/// <param name="Reasons">For an implicit deny: every gate that lacked an allow.</param>
/// <param name="Error">Why the request is malformed and was not evaluated, or null.</param>
public sealed record ReferenceDecision(
    Decision Decision,
    ImmutableArray<StatementRef> Deciding,
    ImmutableArray<string> Reasons,
    string? Error)
{
    /// <summary>The rule that decided without any statement (amendments §17.3: <c>not-controlled-by-policy</c>), or null.</summary>
    public string? Rule { get; init; }

    /// <summary>
    /// <c>roleTrustPolicy</c> or <c>keyPolicy</c> when the resource policy had to allow (amendments
    /// §15.7, §17.1), else null.
    /// </summary>
    public string? ResourcePolicyKind { get; init; }

    /// <summary>The first deciding statement, or null.</summary>
    public StatementRef? Primary => Deciding.IsDefaultOrEmpty ? null : Deciding[0];

    /// <summary>A malformed request: not evaluated, answered <see cref="Decision.ImplicitDeny"/>.</summary>
    public static ReferenceDecision Malformed(string error) => new(Decision.ImplicitDeny, [], [], error);
}
