using System.Collections.Immutable;
using Engine.Compiler.Model;
using PolicyKind = Engine.Runtime.Evaluation.PolicyKind;
using StatementRef = Engine.Runtime.Evaluation.StatementRef;

namespace Engine.Compiler.Reference;

public static partial class ReferenceEvaluator
{
    /// <summary>
    /// Explains, statement by statement, why each statement of the set did or did not apply
    /// (§17's verbose mode). It never changes a decision and is not meant for hot paths.
    /// </summary>
    /// <param name="policies">The policies.</param>
    /// <param name="query">The request.</param>
    public static ImmutableArray<StatementTrace> Trace(PolicySet policies, AuthorizationQuery query)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(query);
        var context = new Dictionary<string, ContextEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (ContextEntry entry in query.Context)
        {
            context.TryAdd(entry.Key, entry);
        }

        Caller caller = Caller.Classify(query.Principal);
        var request = new RequestView(query, caller, context, ResourceAccountOf(query, caller));
        var traces = ImmutableArray.CreateBuilder<StatementTrace>();

        foreach ((PolicyKind kind, int level, ImmutableArray<PolicyDocument> documents) in InExplanationOrder(policies))
        {
            for (int p = 0; p < documents.Length; p++)
            {
                foreach (Statement statement in documents[p].Statements)
                {
                    var reference = new StatementRef(kind, level, p, statement.Index, statement.Sid, documents[p].Id, statement.Effect);
                    string? failure = FirstFailure(statement, documents[p], kind, request, policies.HasBoundary);
                    traces.Add(new StatementTrace(reference, failure is null, failure ?? "applies"));
                }
            }
        }

        return traces.ToImmutable();
    }

    private static string? FirstFailure(Statement statement, PolicyDocument document, PolicyKind kind, RequestView request, bool hasBoundary)
    {
        if (kind is PolicyKind.Resource or PolicyKind.Rcp or PolicyKind.VpcEndpoint)
        {
            // SPEC: amendments §17.5 — endpoint-policy principals as §15.6.3 reads them.
            PrincipalMatch match = kind == PolicyKind.VpcEndpoint
                ? MatchesEndpointPrincipal(statement, request.Caller)
                : MatchesPrincipal(statement, request.Caller, hasBoundary && kind == PolicyKind.Resource);
            if (match == PrincipalMatch.None)
            {
                return $"principal: `{request.Query.Principal}` is not named";
            }
        }

        if (!MatchesAction(statement.Action, request.Query.Action))
        {
            return $"action: `{request.Query.Action}` is {(statement.Action.IsNot ? "listed in NotAction" : "not listed in Action")}";
        }

        if (!MatchesResource(statement.Resource, document, request))
        {
            return $"resource: `{request.Query.Resource}` is {(statement.Resource!.IsNot ? "excluded by NotResource" : "not matched by Resource")}";
        }

        foreach (Condition condition in statement.Conditions)
        {
            if (!EvaluateCondition(condition, document, request))
            {
                string seen = request.Context.TryGetValue(condition.Key, out ContextEntry? entry)
                    ? (entry.IsMultivalued ? $"[{string.Join(", ", entry.Values.Select(v => $"`{v}`"))}]" : $"`{entry.Values[0]}`")
                    : "absent";
                return $"condition: {condition.OperatorText} on `{condition.Key}` is false (request value {seen})";
            }
        }

        return null;
    }
}
