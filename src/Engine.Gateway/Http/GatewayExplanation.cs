using System.Collections.Immutable;
using Engine.Lint;

namespace Engine.Gateway.Http;

/// <summary>What <c>engine eval</c> prints for a decision: the deciding statements, the reasons of a deny, and each statement's trace.</summary>
/// <param name="Deciding">The deciding statements, as text.</param>
/// <param name="Reasons">For an implicit deny, every gate that lacked an allow.</param>
/// <param name="Statements">Every statement: whether it applies and why.</param>
public sealed record GatewayExplanation(ImmutableArray<string> Deciding, ImmutableArray<string> Reasons, ImmutableArray<(bool Applies, string Statement, string Why)> Statements)
{
    /// <summary>The rule that decided without a statement (<c>not-controlled-by-policy</c>, amendments §17.3), or null.</summary>
    public string? Rule { get; init; }

    /// <summary><c>roleTrustPolicy</c> or <c>keyPolicy</c> when the resource policy had to allow (amendments §17.1), else null.</summary>
    public string? ResourcePolicyKind { get; init; }

    /// <summary>The rule and the reasons said in words, with what would have allowed the request when that is one step away.</summary>
    public ImmutableArray<string> Words { get; init; } = [];

    /// <summary>The policy checks of <c>engine validate</c> for each policy the decision used: its place (<c>identity[0]</c>), its name, the finding.</summary>
    public ImmutableArray<(string Policy, string Name, PolicyFinding Finding)> Findings { get; init; } = [];

    /// <summary>
    /// What the <c>X-Engine-Reason</c> header says: the rule, else the reasons joined by <c>", "</c>; empty for an
    /// explicit deny or an Allow by a statement (the statement header says it).
    /// </summary>
    public string ReasonText => Rule ?? string.Join(", ", Reasons);
}
