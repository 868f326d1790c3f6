using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Engine.Bundles;
using Engine.Bundles.Accounts;
using Engine.Compiler.Cases;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;
using Engine.Runtime.Matching;

namespace Engine.LoadGen.Workload;

/// <summary>
/// Requests derived from a bundle when no <c>--cases</c> is given: for each principal, the actions
/// its identity policies name (first statements of each policy first) (a wildcard pattern stands for the first catalog action it matches)
/// on a resource built from the statement's first Resource pattern, plus one catalog action of a
/// service its policies never name. Each request carries the principal's own context keys (so
/// policy variables such as <c>${aws:username}</c> resolve whatever the server's
/// <c>--derive-context</c>), alternates <c>aws:MultiFactorAuthPresent</c> true and false, and
/// expects what the reference interpreter decides on the same bundle — so every answer is checked.
/// </summary>
internal static class BundleWorkload
{
    /// <summary>Requests derived per principal at most: one per statement, plus the outside one.</summary>
    public const int PerPrincipal = 8;

    /// <summary>Derives the requests.</summary>
    /// <param name="bundle">The bundle the server serves.</param>
    /// <param name="catalog">The IAM action catalog (wildcards and the outside action come from it).</param>
    /// <param name="maxRequests">Stop after this many.</param>
    /// <returns>The cases, with their expected decisions.</returns>
    public static ImmutableArray<DecisionCase> Derive(Bundle bundle, ImmutableArray<CatalogAction> catalog, int maxRequests)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var cases = ImmutableArray.CreateBuilder<DecisionCase>();
        foreach (string principal in bundle.PrincipalArns)
        {
            if (!bundle.TryGetPolicySet(principal, "*", null, out PolicySet? set))
            {
                continue;
            }

            ImmutableArray<ContextEntry> context = [.. ContextDerivation.Derive(bundle, principal).Select(kv => ContextEntry.OneValue(kv.Key, kv.Value))];
            string userName = context.FirstOrDefault(e => e.Key == "aws:username")?.Values[0] ?? "user";
            string account = context.FirstOrDefault(e => e.Key == "aws:PrincipalAccount")?.Values[0] ?? "111122223333";
            foreach ((string action, string resource) in Targets(set, catalog, userName, account))
            {
                if (cases.Count >= maxRequests)
                {
                    return cases.ToImmutable();
                }

                bool mfa = cases.Count % 2 == 0;
                var query = new AuthorizationQuery(principal, action, resource, null, [.. context, ContextEntry.OneValue("aws:MultiFactorAuthPresent", mfa ? "true" : "false")]);
                Decision expect = bundle.TryGetPolicySet(principal, resource, null, out PolicySet? forResource)
                    ? ReferenceEvaluator.Evaluate(forResource, query).Decision
                    : Decision.ImplicitDeny;
                string name = string.Create(CultureInfo.InvariantCulture, $"{principal} {action} {resource} mfa={mfa}");
                cases.Add(new DecisionCase(name, null, null, query, expect, "derived from the bundle"));
            }
        }

        return cases.ToImmutable();
    }

    // The (action, resource) pairs for one principal: at most PerPrincipal - 1 from its statements, then the outside one.
    private static IEnumerable<(string Action, string Resource)> Targets(PolicySet set, ImmutableArray<CatalogAction> catalog, string userName, string account)
    {
        var services = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int taken = 0;
        foreach (Statement statement in RoundRobin(set.Identity))
        {
            foreach (string pattern in statement.Action.Patterns)
            {
                services.Add(pattern.Split(':')[0]);
            }

            if (taken >= PerPrincipal - 1 || statement.Action.IsNot || ConcreteAction(statement.Action.Patterns[0], catalog) is not string action)
            {
                continue;
            }

            taken++;
            yield return (action, ConcreteResource(statement.Resource, userName, account));
        }

        if (catalog.FirstOrDefault(a => !services.Contains(a.Service) && !services.Contains("*")) is { } outside)
        {
            yield return (outside.Action, "*");
        }
    }

    // Statement 0 of every policy, then statement 1 of every policy, …: a principal with several
    // policies gets requests from each, not only from its first.
    private static IEnumerable<Statement> RoundRobin(ImmutableArray<PolicyDocument> policies)
    {
        int longest = policies.IsEmpty ? 0 : policies.Max(p => p.Statements.Length);
        for (int i = 0; i < longest; i++)
        {
            foreach (PolicyDocument policy in policies)
            {
                if (i < policy.Statements.Length)
                {
                    yield return policy.Statements[i];
                }
            }
        }
    }

    private static string? ConcreteAction(string pattern, ImmutableArray<CatalogAction> catalog)
    {
        if (pattern.IndexOfAny(['*', '?']) < 0)
        {
            return pattern;
        }

        return catalog.FirstOrDefault(a => Glob.IsMatch(pattern, a.Action, ignoreCase: true))?.Action;
    }

    // The first Resource pattern made concrete: variables filled, a wildcard partition, region or
    // account replaced by the principal's own (aws, us-east-1, its account), and wildcards in the
    // resource part by names; "*" when the statement has no Resource or a NotResource.
    private static string ConcreteResource(ResourceElement? resource, string userName, string account)
    {
        if (resource is null || resource.IsNot || resource.Patterns[0] == "*")
        {
            return "*";
        }

        string pattern = resource.Patterns[0].Replace("${aws:username}", userName, StringComparison.OrdinalIgnoreCase);
        string[] fields = pattern.Split(':', 6);
        if (fields.Length == 6 && fields[0] == "arn")
        {
            fields[1] = HasWildcard(fields[1]) ? "aws" : fields[1];
            fields[3] = HasWildcard(fields[3]) ? "us-east-1" : fields[3];
            fields[4] = HasWildcard(fields[4]) ? account : fields[4];
            fields[5] = Names(fields[5]);
            return string.Join(':', fields);
        }

        return Names(pattern);
    }

    private static bool HasWildcard(string field) => field.IndexOfAny(['*', '?']) >= 0;

    // Wildcards become names; a variable other than aws:username becomes a plain value.
    private static string Names(string pattern)
    {
        var text = new StringBuilder(pattern.Length + 16);
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '$' && i + 1 < pattern.Length && pattern[i + 1] == '{' && pattern.IndexOf('}', i) is int end and > 0)
            {
                text.Append("value");
                i = end;
                continue;
            }

            text.Append(c switch { '*' => "example", '?' => "x", _ => c });
        }

        return text.ToString();
    }
}
