using System.Collections.Immutable;
using Engine.Bundles;
using Engine.Compiler;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Fuzz;

/// <summary>
/// The stage after each parser: decide with what it produced. The compiled engine is asked in its
/// interpreted form (<see cref="EngineKind.CompiledInterpreted"/>): the same expression trees as
/// the server's, without the IL generation that would make each execution cost milliseconds.
/// </summary>
internal static class Decisions
{
    private static readonly AuthorizationRequest s_request = new();

    /// <summary>The account of the example bundle's principals.</summary>
    public const string Account = "111122223333";

    /// <summary>A caller of the example bundle.</summary>
    public const string Alice = "arn:aws:iam::111122223333:user/alice";

    /// <summary>A context with a value for the global keys policies test most.</summary>
    public static ImmutableArray<ContextEntry> Context { get; } =
    [
        ContextEntry.OneValue("aws:MultiFactorAuthPresent", "true"),
        ContextEntry.OneValue("aws:username", "alice"),
        ContextEntry.OneValue("aws:SourceIp", "192.0.2.10"),
        ContextEntry.OneValue("aws:CurrentTime", "2026-01-01T00:00:00Z"),
        ContextEntry.OneValue("aws:SecureTransport", "true"),
        ContextEntry.ManyValues("aws:TagKeys", "team", "env"),
    ];

    /// <summary>Decides with the reference interpreter and the compiled engine; any result is fine, an exception is not.</summary>
    /// <param name="policies">The policy set.</param>
    /// <param name="query">The question.</param>
    public static void Decide(PolicySet policies, AuthorizationQuery query)
    {
        _ = new DecisionEngine(EngineKind.Reference).Decide(policies, query);
        _ = new DecisionEngine(EngineKind.CompiledInterpreted).Decide(policies, query);
    }

    /// <summary>Decides one question for each of the bundle's first principals (as the server would).</summary>
    /// <param name="bundle">The bundle.</param>
    public static void DecideForPrincipals(Bundle bundle)
    {
        foreach (string principal in bundle.PrincipalArns.Take(8))
        {
            _ = Decide(bundle, new AuthorizationQuery(principal, "s3:GetObject", "arn:aws:s3:::bucket/key", null, Context));
        }
    }

    /// <summary>Decides as the server does: resolve the principal's set, then evaluate; null when the principal is unknown.</summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="query">The question.</param>
    public static EvaluationResult? Decide(Bundle bundle, AuthorizationQuery query)
    {
        if (!bundle.TryResolve(query.Principal, query.Resource, query.ResourceAccount ?? "", out CompiledPolicySet? set))
        {
            return null;
        }

        QueryRequests.Fill(s_request, query);
        return set.Evaluate(s_request);
    }
}
