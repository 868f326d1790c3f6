using Engine.Compiler.Model;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Tests.Emit;

/// <summary>One question decided by a compiled set and by the reference: the same decision and the same deciding statement.</summary>
internal static class ReferenceAgreement
{
    /// <summary>Fills <paramref name="request"/> from <paramref name="query"/>, decides it on both engines, and compares.</summary>
    public static void AssertSameAsReference(PolicySet policies, CompiledPolicySet engine, AuthorizationRequest request, AuthorizationQuery query)
    {
        QueryRequests.Fill(request, query);
        EvaluationResult result = engine.Evaluate(request);
        ReferenceDecision reference = ReferenceEvaluator.Evaluate(policies, query);
        Assert.True(reference.Decision == result.Decision, $"{query.Action} on {query.Resource}: {result.Decision}, the reference {reference.Decision}");

        // The deciding statement too: the reference's first (§17).
        Assert.Equal(reference.Deciding.FirstOrDefault(), engine.DecidingStatement(result));
    }
}
