using Engine.Compiler.Model;

namespace Engine.Testing.Generators;

/// <summary>A scenario with the caller and the seed request its statements were derived from.</summary>
/// <param name="Scenario">The scenario (its request may be a perturbation of <paramref name="Seed"/>).</param>
/// <param name="Caller">The caller.</param>
/// <param name="Seed">The request the statements were derived from.</param>
public sealed record DerivedScenario(DecisionScenario Scenario, Caller Caller, AuthorizationQuery Seed)
{
    /// <inheritdoc/>
    public override string ToString() => Scenario.ToString();
}
