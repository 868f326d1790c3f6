using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Benchmarks;

/// <summary>Inputs shared by the suites: the seed cases, the largest managed policies, generated sets.</summary>
internal static class BenchmarkData
{
    public const string Alice = "arn:aws:iam::111122223333:user/alice";

    /// <summary>The MFA self-service vectors (the seed policy, iam-semantics.md §9.2).</summary>
    public static DecisionCase[] SeedCases() =>
        [.. CaseFileSet.Load([Path.Combine(TestData.VectorsDirectory, "mfa-self-service.json")]).Cases];

    /// <summary>The ten largest AWS managed policies of the corpus, by file size.</summary>
    public static ImmutableArray<PolicyDocument> TenLargestManagedPolicies() =>
        [.. TestData.ManagedPolicyFiles()
            .OrderByDescending(f => new FileInfo(f).Length)
            .ThenBy(f => f, StringComparer.Ordinal)
            .Take(10)
            .Select(f => PolicyParser.ParseOrThrow(File.ReadAllBytes(f), PolicyKind.Identity))];

    /// <summary>Real actions of the catalog, in file order.</summary>
    public static string[] CatalogActions() =>
        [.. TestData.ActionCatalogLines().Select(l => l.Split('\t')[0])];

    /// <summary>
    /// <paramref name="policies"/> generated policies of <paramref name="statementsEach"/> statements:
    /// real actions (some as prefix wildcards), specific and wildcard resources, and a condition on
    /// every fourth statement, a Deny on every tenth. Deterministic.
    /// </summary>
    public static ImmutableArray<PolicyDocument> Generated(int policies, int statementsEach)
    {
        string[] actions = CatalogActions();
        var random = new Random(20261128);
        var documents = ImmutableArray.CreateBuilder<PolicyDocument>();
        for (int p = 0; p < policies; p++)
        {
            var json = new StringBuilder("""{"Version":"2012-10-17","Statement":[""");
            for (int s = 0; s < statementsEach; s++)
            {
                string action = actions[random.Next(actions.Length)];
                string pattern = random.Next(3) == 0 ? action[..Math.Max(action.IndexOf(':', StringComparison.Ordinal) + 4, action.Length - 4)] + "*" : action;
                string service = action[..action.IndexOf(':', StringComparison.Ordinal)];
                string resource = random.Next(2) == 0 ? "*" : $"arn:aws:{service}:*:111122223333:thing-{s}/*";
                string effect = s % 10 == 9 ? "Deny" : "Allow";
                string condition = s % 4 == 3 ? ""","Condition":{"StringEquals":{"aws:RequestedRegion":["eu-west-1","us-east-1"]},"Bool":{"aws:SecureTransport":"true"}}""" : string.Empty;
                json.Append(CultureInfo.InvariantCulture, $$"""{{(s == 0 ? "" : ",")}}{"Sid":"S{{s}}","Effect":"{{effect}}","Action":["{{pattern}}","{{actions[random.Next(actions.Length)]}}"],"Resource":"{{resource}}"{{condition}}}""");
            }

            json.Append("]}");
            documents.Add(PolicyParser.ParseOrThrow(json.ToString(), PolicyKind.Identity));
        }

        return documents.ToImmutable();
    }

    /// <summary>
    /// One filled request per query for the evaluate-only benchmarks, each filled as the with-fill
    /// benchmarks fill it once warm: from the query's second use on, so its context keys are
    /// atomized wherever theirs are (<see cref="ContextEntry"/> looks its atom up on its second use;
    /// the benchmarks' entries all set <see cref="ContextEntry.AtomizesOnReuse"/>).
    /// </summary>
    /// <remarks>
    /// A request filled from a query's first use keeps its keys as text, and a text key that no
    /// statement reads is looked up by its text again at every evaluation (only keys a set reads
    /// learn their atom): on overlap-10x50 that made evaluate-only pay for three key look-ups the
    /// with-fill figure never paid (2026-12-07, seventh session).
    /// </remarks>
    public static AuthorizationRequest[] FilledAsAskedAgain(AuthorizationQuery[] queries)
    {
        var scratch = new AuthorizationRequest();
        return [.. queries.Select(q =>
        {
            QueryRequests.Fill(scratch, q);
            var request = new AuthorizationRequest();
            QueryRequests.Fill(request, q);
            return request;
        })];
    }

    // Fixed key names asked again and again, as an embedder's static ConditionKeys: atomized.
    private static readonly KeyValuePair<string, string>[] s_contextKeys =
        [new("aws:RequestedRegion", "eu-west-1"), new("aws:SecureTransport", "true"), new("aws:username", "alice")];

    /// <summary>Requests for a generated or managed set: actions drawn from its own statements (so many match) and from the catalog.</summary>
    public static AuthorizationQuery[] QueriesFor(ImmutableArray<PolicyDocument> documents, int count)
    {
        string[] catalog = CatalogActions();
        string[] own = [.. documents.SelectMany(d => d.Statements).SelectMany(s => s.Action.Patterns)
            .Where(a => a != "*").Select(a => a.Replace("*", "Describe", StringComparison.Ordinal).Replace("?", "x", StringComparison.Ordinal))];
        var random = new Random(7);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            string action = i % 2 == 0 && own.Length > 0 ? own[random.Next(own.Length)] : catalog[random.Next(catalog.Length)];
            string service = action[..Math.Max(0, action.IndexOf(':', StringComparison.Ordinal))];
            return new AuthorizationQuery(
                Alice,
                action,
                $"arn:aws:{service}:eu-west-1:111122223333:thing-{i % 7}/x",
                null,
                [.. s_contextKeys.Select(k => ContextEntry.OneValue(k.Key, k.Value) with { AtomizesOnReuse = true })]);
        })];
    }
}
