using System.Collections.Immutable;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Testing.Generators;

/// <summary>Where one document sits in a policy set: its type, organization level and index.</summary>
/// <param name="Kind">The policy type.</param>
/// <param name="Level">The SCP/RCP level (0 otherwise).</param>
/// <param name="Index">The index in its set or level.</param>
public readonly record struct DocumentAddress(PolicyKind Kind, int Level, int Index);

/// <summary>
/// Rewrites of a policy set for the metamorphic properties and the shrinker: every document
/// rewritten in place, statements renumbered so <see cref="Statement.Index"/> stays the document
/// order the parser would give.
/// </summary>
public static class PolicySetTransforms
{
    /// <summary>Every document of the set with its address.</summary>
    public static IEnumerable<(DocumentAddress Address, PolicyDocument Document)> Documents(PolicySet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        foreach ((PolicyDocument d, int i) in Enumerate(set.Identity))
        {
            yield return (new DocumentAddress(PolicyKind.Identity, 0, i), d);
        }

        if (set.Resource is { } resource)
        {
            yield return (new DocumentAddress(PolicyKind.Resource, 0, 0), resource);
        }

        foreach ((PolicyDocument d, int i) in Enumerate(set.PermissionsBoundary))
        {
            yield return (new DocumentAddress(PolicyKind.PermissionsBoundary, 0, i), d);
        }

        foreach ((PolicyDocument d, int i) in Enumerate(set.Session))
        {
            yield return (new DocumentAddress(PolicyKind.Session, 0, i), d);
        }

        foreach ((PolicyKind kind, ImmutableArray<ImmutableArray<PolicyDocument>>? levels) in new[] { (PolicyKind.Scp, set.Scps), (PolicyKind.Rcp, set.Rcps) })
        {
            for (int level = 0; level < (levels?.Length ?? 0); level++)
            {
                foreach ((PolicyDocument d, int i) in Enumerate(levels!.Value[level]))
                {
                    yield return (new DocumentAddress(kind, level, i), d);
                }
            }
        }

        if (set.VpcEndpoint is { } endpoint)
        {
            yield return (new DocumentAddress(PolicyKind.VpcEndpoint, 0, 0), endpoint);
        }
    }

    /// <summary>The set with every document passed through <paramref name="map"/>.</summary>
    public static PolicySet MapDocuments(PolicySet set, Func<DocumentAddress, PolicyDocument, PolicyDocument> map)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(map);
        ImmutableArray<PolicyDocument> Map(ImmutableArray<PolicyDocument> docs, PolicyKind kind, int level) =>
            docs.IsDefault ? docs : [.. docs.Select((d, i) => map(new DocumentAddress(kind, level, i), d))];
        ImmutableArray<ImmutableArray<PolicyDocument>>? MapLevels(ImmutableArray<ImmutableArray<PolicyDocument>>? levels, PolicyKind kind) =>
            levels is { } l ? [.. l.Select((docs, level) => Map(docs, kind, level))] : null;
        return new PolicySet(
            Map(set.Identity, PolicyKind.Identity, 0),
            set.Resource is { } r ? map(new DocumentAddress(PolicyKind.Resource, 0, 0), r) : null,
            Map(set.PermissionsBoundary, PolicyKind.PermissionsBoundary, 0),
            Map(set.Session, PolicyKind.Session, 0),
            MapLevels(set.Scps, PolicyKind.Scp),
            MapLevels(set.Rcps, PolicyKind.Rcp),
            set.VpcEndpoint is { } e ? map(new DocumentAddress(PolicyKind.VpcEndpoint, 0, 0), e) : null);
    }

    /// <summary>A document with new statements, renumbered in document order.</summary>
    public static PolicyDocument WithStatements(PolicyDocument document, IEnumerable<Statement> statements)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document with { Statements = [.. statements.Select((s, i) => s with { Index = i })] };
    }

    /// <summary>
    /// The same policies in another order: statements within each document, documents within each
    /// set and level, and the SCP and RCP levels themselves (§1.6: evaluation is order-independent).
    /// </summary>
    public static Gen<PolicySet> Shuffled(PolicySet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return from seed in Gen.Choose(0, int.MaxValue)
               select Shuffle(set, new Random(seed));
    }

    private static PolicySet Shuffle(PolicySet set, Random random)
    {
        PolicySet statementsShuffled = MapDocuments(set, (_, d) => WithStatements(d, d.Statements.OrderBy(_ => random.Next())));
        ImmutableArray<PolicyDocument> Docs(ImmutableArray<PolicyDocument> docs) => docs.IsDefault ? docs : [.. docs.OrderBy(_ => random.Next())];
        ImmutableArray<ImmutableArray<PolicyDocument>>? Levels(ImmutableArray<ImmutableArray<PolicyDocument>>? levels) =>
            levels is { } l ? [.. l.Select(Docs).OrderBy(_ => random.Next())] : null;
        return statementsShuffled with
        {
            Identity = Docs(statementsShuffled.Identity),
            PermissionsBoundary = Docs(statementsShuffled.PermissionsBoundary),
            Session = Docs(statementsShuffled.Session),
            Scps = Levels(statementsShuffled.Scps),
            Rcps = Levels(statementsShuffled.Rcps),
        };
    }

    /// <summary>
    /// Every statement with several Action entries split into one statement per entry, and every
    /// statement with several Resource entries likewise (§3: entries are alternatives, so the
    /// statement applies exactly when one of the parts does).
    /// </summary>
    public static PolicySet SplitAlternatives(PolicySet set) => MapDocuments(set, (_, d) => WithStatements(d, d.Statements.SelectMany(Split)));

    private static IEnumerable<Statement> Split(Statement statement)
    {
        IEnumerable<Statement> byAction = statement.Action.IsNot || statement.Action.Patterns.Length < 2
            ? [statement]
            : statement.Action.Patterns.Select(p => statement with { Action = new ActionElement(false, [p]) });
        return byAction.SelectMany(s => s.Resource is { IsNot: false, Patterns.Length: > 1 } resource
            ? resource.Patterns.Select(p => s with { Resource = new ResourceElement(false, [p]) })
            : [s]);
    }

    /// <summary>The set with <paramref name="statement"/> appended to the document at <paramref name="address"/>.</summary>
    public static PolicySet AddStatement(PolicySet set, DocumentAddress address, Statement statement) =>
        MapDocuments(set, (a, d) => a == address ? WithStatements(d, d.Statements.Append(statement)) : d);

    private static IEnumerable<(PolicyDocument Document, int Index)> Enumerate(ImmutableArray<PolicyDocument> documents) =>
        documents.IsDefault ? [] : documents.Select((d, i) => (d, i));
}
