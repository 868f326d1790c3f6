using Engine.Compiler.Model;

namespace Engine.Testing.Generators;

/// <summary>
/// One generated authorization question: a policy set and a request derived from it. Its text
/// form is the case-file JSON, so a failing property prints a case that can be pasted into
/// <c>tests/Cases</c> as it is.
/// </summary>
/// <param name="Policies">The policies.</param>
/// <param name="Query">The request.</param>
public sealed record DecisionScenario(PolicySet Policies, AuthorizationQuery Query)
{
    /// <inheritdoc/>
    public override string ToString() => CaseFileWriter.Write("generated", null, this, expect: null);
}
