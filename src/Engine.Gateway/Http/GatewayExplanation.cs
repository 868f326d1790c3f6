using System.Collections.Immutable;

namespace Engine.Gateway.Http;

/// <summary>What <c>engine eval</c> prints for a decision: the deciding statements, the reasons of a deny, and each statement's trace.</summary>
/// <param name="Deciding">The deciding statements, as text.</param>
/// <param name="Reasons">For an implicit deny, every gate that lacked an allow.</param>
/// <param name="Statements">Every statement: whether it applies and why.</param>
public sealed record GatewayExplanation(ImmutableArray<string> Deciding, ImmutableArray<string> Reasons, ImmutableArray<(bool Applies, string Statement, string Why)> Statements);
