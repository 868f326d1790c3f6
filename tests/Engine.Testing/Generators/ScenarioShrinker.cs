using System.Collections.Immutable;
using Engine.Compiler.Model;

namespace Engine.Testing.Generators;

/// <summary>
/// Smaller variants of a failing scenario, biggest cuts first: whole policy types, documents,
/// statements, conditions, list entries, context keys. Every candidate stays a valid set
/// (§2.5), so a shrunk failure is still a case the parser accepts.
/// </summary>
public static class ScenarioShrinker
{
    /// <summary>Candidates, each one step smaller than <paramref name="scenario"/>.</summary>
    public static IEnumerable<DecisionScenario> Shrink(DecisionScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        PolicySet set = scenario.Policies;
        DecisionScenario With(PolicySet p) => scenario with { Policies = p };

        if (set.Rcps is not null)
        {
            yield return With(set with { Rcps = null });
        }

        if (set.Scps is not null)
        {
            yield return With(set with { Scps = null });
        }

        if (set.HasSession)
        {
            yield return With(set with { Session = [] });
        }

        if (set.HasBoundary)
        {
            yield return With(set with { PermissionsBoundary = [] });
        }

        if (set.Resource is not null)
        {
            yield return With(set with { Resource = null });
        }

        if (set.VpcEndpoint is not null)
        {
            yield return With(set with { VpcEndpoint = null });
        }

        for (int i = 0; i < set.Identity.Length; i++)
        {
            yield return With(set with { Identity = set.Identity.RemoveAt(i) });
        }

        foreach (PolicySet smaller in Levels(set))
        {
            yield return With(smaller);
        }

        foreach ((DocumentAddress address, PolicyDocument document) in PolicySetTransforms.Documents(set))
        {
            foreach (PolicyDocument smaller in Smaller(document))
            {
                yield return With(PolicySetTransforms.MapDocuments(set, (a, d) => a == address ? smaller : d));
            }
        }

        for (int i = 0; i < scenario.Query.Context.Length; i++)
        {
            yield return scenario with { Query = scenario.Query with { Context = scenario.Query.Context.RemoveAt(i) } };
        }
    }

    private static IEnumerable<PolicySet> Levels(PolicySet set)
    {
        foreach ((bool scp, ImmutableArray<ImmutableArray<PolicyDocument>>? levels) in new[] { (true, set.Scps), (false, set.Rcps) })
        {
            for (int level = 0; level < (levels?.Length ?? 0); level++)
            {
                ImmutableArray<ImmutableArray<PolicyDocument>> fewer = levels!.Value.RemoveAt(level);
                yield return scp ? set with { Scps = fewer } : set with { Rcps = fewer };
            }
        }
    }

    private static IEnumerable<PolicyDocument> Smaller(PolicyDocument document)
    {
        ImmutableArray<Statement> statements = document.Statements;
        for (int i = 0; i < statements.Length && statements.Length > 1; i++)
        {
            yield return PolicySetTransforms.WithStatements(document, statements.RemoveAt(i));
        }

        for (int i = 0; i < statements.Length; i++)
        {
            foreach (Statement smaller in Smaller(statements[i]))
            {
                yield return PolicySetTransforms.WithStatements(document, statements.SetItem(i, smaller));
            }
        }

        if (document.Id is not null)
        {
            yield return document with { Id = null };
        }
    }

    private static IEnumerable<Statement> Smaller(Statement statement)
    {
        for (int i = 0; i < statement.Conditions.Length; i++)
        {
            yield return statement with { Conditions = statement.Conditions.RemoveAt(i) };
        }

        foreach (Condition condition in statement.Conditions.Where(c => c.Values.Length > 1))
        {
            for (int v = 0; v < condition.Values.Length; v++)
            {
                Condition fewer = condition with { Values = condition.Values.RemoveAt(v) };
                yield return statement with { Conditions = statement.Conditions.Replace(condition, fewer) };
            }
        }

        for (int i = 0; i < statement.Action.Patterns.Length && statement.Action.Patterns.Length > 1; i++)
        {
            yield return statement with { Action = statement.Action with { Patterns = statement.Action.Patterns.RemoveAt(i) } };
        }

        if (statement.Resource is { Patterns.Length: > 1 } resource)
        {
            for (int i = 0; i < resource.Patterns.Length; i++)
            {
                yield return statement with { Resource = resource with { Patterns = resource.Patterns.RemoveAt(i) } };
            }
        }

        if (statement.Principal is { Entries.Length: > 1 } principal)
        {
            for (int i = 0; i < principal.Entries.Length; i++)
            {
                yield return statement with { Principal = principal with { Entries = principal.Entries.RemoveAt(i) } };
            }
        }

        if (statement.Sid is not null)
        {
            yield return statement with { Sid = null };
        }
    }
}
