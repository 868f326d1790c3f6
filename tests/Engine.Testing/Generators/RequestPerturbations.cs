using Engine.Compiler.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Testing.Generators;

/// <summary>
/// One small change to a request derived from the policies: the near misses where engines
/// disagree if they ever do (case, one character, a dropped key, single vs multivalued, another
/// account or caller), plus rare malformed requests to check that errors agree too (§1.1, §1.4).
/// </summary>
public static class RequestPerturbations
{
    /// <summary>The request with one perturbation.</summary>
    public static Gen<AuthorizationQuery> Perturb(AuthorizationQuery query, Caller caller)
    {
        var options = new List<(int, Gen<AuthorizationQuery>)>
        {
            (6, TextMutations.MixCase(query.Action).Select(a => query with { Action = a })),
            (4, Gen.Elements(IamCatalog.Actions.Where(a => a.StartsWith(query.Action[..(query.Action.IndexOf(':', StringComparison.Ordinal) + 1)], StringComparison.Ordinal)))
                .Select(a => query with { Action = a })),
            (6, TextMutations.NearMiss(query.Resource, 0).Select(r => query with { Resource = r })),
            (4, Gen.Elements<string?>(null, RequestGenerators.HomeAccount, RequestGenerators.OtherAccount, "")
                .Select(account => query with { ResourceAccount = account })),
            (4, Gen.Elements(CallerKind.Root, CallerKind.User, CallerKind.RoleSession, CallerKind.Service)
                .SelectMany(kind => RequestGenerators.CallerOf(kind, caller.Partition ?? "aws", caller.Account ?? RequestGenerators.OtherAccount, "ops/"))
                .Select(other => query with { Principal = other.Principal })),
            (1, Gen.Elements("s3GetObject", "s3:*", "s3:Get?bject", ":GetObject", "s3:a:b").Select(a => query with { Action = a })),
        };
        if (!query.Context.IsEmpty)
        {
            Gen<int> index = Gen.Choose(0, query.Context.Length - 1);
            options.Add((6, index.Select(i => query with { Context = query.Context.RemoveAt(i) })));
            options.Add((6, index.Select(i => query with { Context = query.Context.SetItem(i, FlipShape(query.Context[i])) })));
            // Two keys differing only by case: a malformed request (§1.4).
            options.Add((1, index.Select(i => query with { Context = query.Context.Add(query.Context[i] with { Key = OtherCase(query.Context[i].Key) }) })));
        }

        return Gen.Frequency(options.ToArray());
    }

    private static string OtherCase(string key) =>
        string.Equals(key.ToUpperInvariant(), key, StringComparison.Ordinal) ? key.ToLowerInvariant() : key.ToUpperInvariant();

    // Single ↔ multivalued (§7.3 step 3: a bare operator on an array is false, even for one element).
    private static ContextEntry FlipShape(ContextEntry entry) => entry.IsMultivalued
        ? ContextEntry.OneValue(entry.Key, entry.Values.IsEmpty ? string.Empty : entry.Values[0])
        : new ContextEntry(entry.Key, entry.Values, true);
}
