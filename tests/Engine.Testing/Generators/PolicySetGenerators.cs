using System.Collections.Immutable;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Testing.Generators;

/// <summary>
/// Whole decision scenarios (iam-semantics.md §16): a seed request, policies of every type whose
/// statements are derived from that request (so they match often), and the request again, perturbed
/// in one place a third of the time. Sizes grow with FsCheck's size parameter and stay small.
/// </summary>
public static class PolicySetGenerators
{
    /// <summary>Scenarios with the caller and seed request they were derived from (to derive more statements).</summary>
    public static Gen<DerivedScenario> Derived { get; } = Gen.Sized(size =>
        from caller in RequestGenerators.Caller
        from seed in SeedQuery(caller)
        from policies in PolicySet(caller, seed, size)
        from query in Gen.Frequency((3, Gen.Constant(seed)), (1, RequestPerturbations.Perturb(seed, caller)))
        select new DerivedScenario(new DecisionScenario(policies, query), caller, seed));

    /// <summary>Scenarios over every policy type.</summary>
    public static Gen<DecisionScenario> Scenario { get; } = Derived.Select(d => d.Scenario);

    /// <summary>The request the policies are derived from.</summary>
    public static Gen<AuthorizationQuery> SeedQuery(Caller caller) =>
        from action in Gen.Frequency((1, Gen.Elements(IamCatalog.FamiliarActions.AsEnumerable())), (1, Gen.Elements(IamCatalog.Actions.AsEnumerable())),
            (1, Gen.Elements(IamCatalog.AmendedActions.AsEnumerable())))
        from account in Gen.Frequency((5, Gen.Constant(caller.Account ?? RequestGenerators.HomeAccount)), (1, Gen.Constant(RequestGenerators.OtherAccount)))
        from resource in RequestGenerators.ResourceFor(action, account, caller.Kind == CallerKind.User ? caller.Name : "alice")
        from resourceAccount in Gen.Frequency((6, Gen.Constant<string?>(null)), (1, Gen.Constant<string?>(account)),
            (1, Gen.Elements<string?>(RequestGenerators.Accounts.AsEnumerable())))
        from context in RequestGenerators.Context(caller)
        select new AuthorizationQuery(caller.Principal, action, resource, resourceAccount, context);

    /// <summary>Every policy type, each present with its own probability.</summary>
    public static Gen<PolicySet> PolicySet(Caller caller, AuthorizationQuery seed, int size)
    {
        int maxStatements = 2 + Math.Min(size, 100) / 30;
        int maxDocuments = 1 + Math.Min(size, 100) / 40;
        // Trust and key policies (amendments §15.7) must allow, so role and key resources usually have one.
        bool needsResourcePolicy = caller.Kind is CallerKind.Service or CallerKind.Other || seed.Resource.Contains(RequestGenerators.OtherAccount, StringComparison.Ordinal)
            || seed.Resource.Contains(":role/", StringComparison.Ordinal) || seed.Resource.Contains(":key/", StringComparison.Ordinal);
        Gen<PolicyDocument> Doc(PolicyKind kind) => Document(kind, caller, seed, maxStatements);
        Gen<ImmutableArray<PolicyDocument>> Docs(PolicyKind kind, int min) =>
            Gen.Choose(min, maxDocuments).SelectMany(n => Gen.ArrayOf(Doc(kind), n)).Select(d => d.ToImmutableArray());
        Gen<ImmutableArray<ImmutableArray<PolicyDocument>>> Levels(PolicyKind kind) =>
            Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Frequency((9, Docs(kind, 1)), (1, Gen.Constant(ImmutableArray<PolicyDocument>.Empty))), n))
                .Select(l => l.ToImmutableArray());
        Gen<T?> Sometimes<T>(int yes, int no, Gen<T> gen) where T : class => Gen.Frequency((yes, gen.Select(x => (T?)x)), (no, Gen.Constant<T?>(null)));
        Gen<ImmutableArray<PolicyDocument>> OptionalSet(PolicyKind kind, int yes, int no) =>
            Gen.Frequency((yes, Docs(kind, 1)), (no, Gen.Constant(ImmutableArray<PolicyDocument>.Empty)));

        bool mayHaveSession = caller.CanHaveSessionPolicy;
        return from identity in Gen.Frequency((1, Gen.Constant(ImmutableArray<PolicyDocument>.Empty)), (6, Docs(PolicyKind.Identity, 1)))
               from resource in Sometimes(needsResourcePolicy ? 5 : 2, needsResourcePolicy ? 1 : 3, Doc(PolicyKind.Resource))
               from boundary in OptionalSet(PolicyKind.PermissionsBoundary, 1, 4)
                   // A session policy with a caller that is not a session is a malformed request (§11): rare, to check error agreement.
               from session in OptionalSet(PolicyKind.Session, mayHaveSession ? 2 : 1, mayHaveSession ? 3 : 150)
               from scps in Gen.Frequency((1, Levels(PolicyKind.Scp).Select(l => (ImmutableArray<ImmutableArray<PolicyDocument>>?)l)),
                   (1, Gen.Constant<ImmutableArray<ImmutableArray<PolicyDocument>>?>([])), (4, Gen.Constant<ImmutableArray<ImmutableArray<PolicyDocument>>?>(null)))
               from rcps in Gen.Frequency((1, Levels(PolicyKind.Rcp).Select(l => (ImmutableArray<ImmutableArray<PolicyDocument>>?)l)),
                   (7, Gen.Constant<ImmutableArray<ImmutableArray<PolicyDocument>>?>(null)))
                   // VPC endpoint policies (amendments §15.6): derived from the request, or AWS's default endpoint policy.
               from endpoint in Gen.Frequency((2, Doc(PolicyKind.VpcEndpoint).Select(d => (PolicyDocument?)d)),
                   (1, Gen.Constant<PolicyDocument?>(DefaultEndpointPolicy)), (6, Gen.Constant<PolicyDocument?>(null)))
               select new PolicySet(identity, resource, boundary, session, scps, rcps, endpoint);
    }

    /// <summary>AWS's default endpoint policy (amendments §15.6.2): no Version, one statement allowing everything to everyone.</summary>
    public static PolicyDocument DefaultEndpointPolicy { get; } = new(PolicyVersion.V20081017, false, null,
        [new Statement(0, null, Effect.Allow, PrincipalPatterns.Everyone, new ActionElement(false, ["*"]), new ResourceElement(false, ["*"]), [])]);

    private static Gen<PrincipalElement?> EndpointPrincipal(Caller caller, Effect effect) =>
        Gen.Frequency((2, Gen.Constant<PrincipalElement?>(PrincipalPatterns.Everyone)), (3, PrincipalPatterns.Element(caller, effect).Select(p => (PrincipalElement?)p)));

    /// <summary>One document of the given type, valid per §2.5.</summary>
    public static Gen<PolicyDocument> Document(PolicyKind kind, Caller caller, AuthorizationQuery seed, int maxStatements) =>
        from version in kind == PolicyKind.Rcp
            ? Gen.Constant((PolicyVersion.V20121017, true))
            : Gen.Frequency((6, Gen.Constant((PolicyVersion.V20121017, true))), (1, Gen.Constant((PolicyVersion.V20081017, true))),
                (1, Gen.Constant((PolicyVersion.V20081017, false))))
        from id in Gen.Frequency((3, Gen.Constant<string?>(null)), (1, Gen.Elements<string?>("doc-a", "doc-b")))
        from count in Gen.Choose(1, maxStatements)
        from statements in Gen.ArrayOf(Statement(kind, caller, seed), count)
        select new PolicyDocument(version.Item1, version.Item2, id, [.. statements.Select((s, i) => s with { Index = i })]);

    /// <summary>One statement derived from the seed request.</summary>
    public static Gen<Statement> Statement(PolicyKind kind, Caller caller, AuthorizationQuery seed)
    {
        Gen<Effect> effect = kind switch
        {
            PolicyKind.Rcp => Gen.Constant(Effect.Deny),
            PolicyKind.Identity or PolicyKind.Resource => Gen.Frequency((6, Gen.Constant(Effect.Allow)), (1, Gen.Constant(Effect.Deny))),
            _ => Gen.Frequency((8, Gen.Constant(Effect.Allow)), (1, Gen.Constant(Effect.Deny))),
        };
        bool rcp = kind == PolicyKind.Rcp;
        // SCPs are mostly FullAWSAccess-like allows, as in real organizations; a derived statement otherwise.
        Gen<Statement> fullAccess = Gen.Constant(new Statement(0, "FullAWSAccess", Effect.Allow, null,
            new ActionElement(false, ["*"]), new ResourceElement(false, ["*"]), []));
        Gen<Statement> derived =
            from e in effect
            from sid in Gen.Frequency((2, Gen.Constant<string?>(null)), (1, Gen.Elements<string?>("Stmt1", "DenyNoMfa", "")))
            from principal in kind switch
            {
                PolicyKind.Resource => PrincipalPatterns.Element(caller, e).Select(p => (PrincipalElement?)p),
                PolicyKind.VpcEndpoint => EndpointPrincipal(caller, e),
                PolicyKind.Rcp => Gen.Constant<PrincipalElement?>(PrincipalPatterns.Everyone),
                _ => Gen.Constant<PrincipalElement?>(null),
            }
            from action in ActionPatterns.Element(seed.Action, allowNot: !rcp, allowStar: !rcp)
            from resource in kind == PolicyKind.Resource
                ? Gen.Frequency((1, Gen.Constant<ResourceElement?>(null)), (3, ResourcePatterns.Element(seed.Resource, caller).Select(r => (ResourceElement?)r)))
                : ResourcePatterns.Element(seed.Resource, caller).Select(r => (ResourceElement?)r)
            from conditions in ConditionGenerators.Conditions(seed.Context, rcp ? 1 : 0, rcp ? 3 : 2)
            select new Statement(0, sid, e, principal, action, resource, conditions);
        return kind == PolicyKind.Scp ? Gen.Frequency((1, fullAccess), (2, derived)) : derived;
    }
}
