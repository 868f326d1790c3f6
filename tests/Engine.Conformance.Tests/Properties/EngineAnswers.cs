using Engine.Compiler;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Conformance.Tests.Properties;

/// <summary>
/// One engine of each kind for the property tests, and answers that turn an exception into an
/// error answer (a crash in one engine is a disagreement, not a test-harness failure).
/// </summary>
internal sealed class EngineAnswers
{
    public DecisionEngine Reference { get; } = new(EngineKind.Reference);

    public DecisionEngine Compiled { get; } = new(EngineKind.Compiled);

    public DecisionEngine Interpreted { get; } = new(EngineKind.CompiledInterpreted);

    public DecisionEngine Matcher { get; } = new(EngineKind.CompiledMatcher);

    public static EngineAnswer Decide(DecisionEngine engine, PolicySet policies, AuthorizationQuery query)
    {
        try
        {
            return engine.Decide(policies, query);
        }
#pragma warning disable CA1031 // Any exception is an answer to compare: the property must report it, not stop on it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new EngineAnswer(Decision.ImplicitDeny, null, $"exception {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Null when the answers agree on decision, deciding statement and error presence; else what differs.</summary>
    public static string? Difference(EngineAnswer reference, EngineAnswer other, string otherName)
    {
        if (reference.Decision != other.Decision)
        {
            return $"decision: reference {reference.Decision}, {otherName} {other.Decision} ({other.Error ?? "no error"})";
        }

        if (!Equals(reference.Deciding, other.Deciding))
        {
            return $"deciding statement: reference {reference.Deciding?.ToString() ?? "none"}, {otherName} {other.Deciding?.ToString() ?? "none"}";
        }

        if ((reference.Error is null) != (other.Error is null))
        {
            return $"error: reference {reference.Error ?? "none"}, {otherName} {other.Error ?? "none"}";
        }

        return null;
    }
}
