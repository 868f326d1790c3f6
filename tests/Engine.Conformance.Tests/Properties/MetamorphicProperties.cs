using Engine.Compiler;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using Engine.Testing.Generators;
using Engine.Testing.Properties;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Engine.Conformance.Tests.Properties;

/// <summary>
/// Relations between two decisions that the spec guarantees whatever the policies say. They run
/// on the reference engine (they check the spec's reading, where no second engine helps) and, with
/// fewer cases, on the compiled engine.
/// </summary>
public sealed class MetamorphicProperties(ITestOutputHelper output)
{
    public static TheoryData<EngineKind, int> Engines() => new() { { EngineKind.Reference, 3_000 }, { EngineKind.Compiled, 400 } };

    // SPEC: §1.6 — "no policy or statement wins by coming first"; only the explanation may change.
    [Theory]
    [MemberData(nameof(Engines))]
    public void Reordering_statements_documents_and_levels_keeps_the_decision(EngineKind kind, int cases) =>
        CheckRelation("reordering keeps the decision", kind, cases,
            from d in PolicySetGenerators.Derived
            from shuffled in PolicySetTransforms.Shuffled(d.Scenario.Policies)
            select (d.Scenario, d.Scenario with { Policies = shuffled }),
            (before, after) => before.Decision == after.Decision && (before.Error is null) == (after.Error is null));

    // SPEC: §3 — list entries are alternatives, so one statement per entry applies exactly when the whole does.
    [Theory]
    [MemberData(nameof(Engines))]
    public void Splitting_action_and_resource_lists_into_statements_keeps_the_decision(EngineKind kind, int cases) =>
        CheckRelation("splitting alternatives keeps the decision", kind, cases,
            PolicySetGenerators.Derived.Select(d => (d.Scenario, d.Scenario with { Policies = PolicySetTransforms.SplitAlternatives(d.Scenario.Policies) })),
            (before, after) => before.Decision == after.Decision);

    // SPEC: §16 step 1 and §16 step 3 — a Deny only adds to the deny sets and never to an allow set, so a
    // non-Allow stays non-Allow and an ExplicitDeny stays ExplicitDeny. Added to an existing document
    // or as a new identity policy (a new boundary, session or SCP level would add gates — still only denying).
    [Theory]
    [MemberData(nameof(Engines))]
    public void Adding_a_deny_statement_never_grants(EngineKind kind, int cases) =>
        CheckRelation("adding a Deny never grants", kind, cases,
            from d in PolicySetGenerators.Derived
            from target in Target(d.Scenario.Policies, allowNewIdentity: true)
            from statement in PolicySetGenerators.Statement(target.Kind, d.Caller, d.Seed)
            select (d.Scenario, d.Scenario with { Policies = Add(d.Scenario.Policies, target, statement with { Effect = Effect.Deny }) }),
            (before, after) => (before.Decision == Decision.Allow || after.Decision != Decision.Allow)
                && (before.Decision != Decision.ExplicitDeny || after.Decision == Decision.ExplicitDeny));

    // SPEC: §16 step 3 — every gate (identityOK, boundaryOK, sessionOK, each SCP level, rpDirect/rpRole/
    // rpAccount) only grows with more applicable Allows, and the deny sets are untouched. This holds for
    // an Allow added to an EXISTING document only: a new boundary, session policy or SCP level is a new
    // gate and can turn Allow into ImplicitDeny. A NotPrincipal Allow is covered: it only adds a Direct grant.
    [Theory]
    [MemberData(nameof(Engines))]
    public void Adding_an_allow_statement_to_an_existing_policy_never_denies(EngineKind kind, int cases) =>
        CheckRelation("adding an Allow never removes an Allow", kind, cases,
            from d in PolicySetGenerators.Derived
            from target in Target(d.Scenario.Policies, allowNewIdentity: false)
            from statement in PolicySetGenerators.Statement(target.Kind, d.Caller, d.Seed)
            select (d.Scenario, d.Scenario with { Policies = Add(d.Scenario.Policies, target, statement with { Effect = Effect.Allow }) }),
            (before, after) => (before.Decision != Decision.Allow || after.Decision == Decision.Allow)
                && (before.Decision != Decision.ExplicitDeny || after.Decision == Decision.ExplicitDeny));

    // SPEC: §4.1 — request actions compare case-insensitively, so neither the decision nor the deciding statement
    // may change (an error message may quote the action as written, so only error presence is compared).
    [Theory]
    [MemberData(nameof(Engines))]
    public void The_case_of_the_request_action_changes_nothing(EngineKind kind, int cases) =>
        CheckRelation("action case changes nothing", kind, cases,
            from d in PolicySetGenerators.Derived
            from action in TextMutations.MixCase(d.Scenario.Query.Action)
            select (d.Scenario, d.Scenario with { Query = d.Scenario.Query with { Action = action } }),
            (before, after) => before.Decision == after.Decision && Equals(before.Deciding, after.Deciding) && (before.Error is null) == (after.Error is null));

    // An existing document (or, when allowed or when there is none, a new identity policy: Index -1).
    private static Gen<DocumentAddress> Target(PolicySet set, bool allowNewIdentity)
    {
        // RCPs may only Deny (§2.5): an added Allow never goes there.
        var addresses = PolicySetTransforms.Documents(set).Select(d => d.Address).Where(a => allowNewIdentity || a.Kind != PolicyKind.Rcp).ToList();
        if (allowNewIdentity || addresses.Count == 0)
        {
            addresses.Add(new DocumentAddress(PolicyKind.Identity, 0, -1));
        }

        return Gen.Elements(addresses.AsEnumerable());
    }

    private static PolicySet Add(PolicySet set, DocumentAddress target, Statement statement) => target.Index >= 0
        ? PolicySetTransforms.AddStatement(set, target, statement)
        : set with { Identity = set.Identity.Add(new PolicyDocument(PolicyVersion.V20121017, true, null, [statement with { Index = 0 }])) };

    private void CheckRelation(string name, EngineKind kind, int cases, Gen<(DecisionScenario Before, DecisionScenario After)> pairs, Func<EngineAnswer, EngineAnswer, bool> holds)
    {
        var engine = new DecisionEngine(kind);
        var recorder = new FailingCaseRecorder();
        string property = $"{name} ({kind})";
        Property prop = Prop.ForAll(Arb.From(pairs), pair =>
        {
            EngineAnswer before = EngineAnswers.Decide(engine, pair.Before.Policies, pair.Before.Query);
            EngineAnswer after = EngineAnswers.Decide(engine, pair.After.Policies, pair.After.Query);
            bool ok = holds(before, after);
            if (!ok)
            {
                recorder.Reject(pair.After, after.Decision, $"before {before.Decision} ({before.Deciding}), after {after.Decision} ({after.Deciding}); before:\n{pair.Before}");
            }

            return ok.Label($"before {before.Decision}, after {after.Decision}")
                .Classify(before.Decision == Decision.Allow, "Allow")
                .Classify(before.Decision == Decision.ExplicitDeny, "ExplicitDeny")
                .Classify(before.Decision == Decision.ImplicitDeny, "ImplicitDeny");
        });
        PropertyCheck.Run(property, prop, PropertyCheck.Cases(cases), PropertyCheck.Seed(), output, report => recorder.WriteCase(property, report));
    }
}
