using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Tests.Emit;

/// <summary>
/// Condition keys given atomized (<see cref="ConditionKey"/>) decide as keys given as text
/// (iam-semantics.md §1.4: keys match ignoring case), and the case model's entries keep their
/// atomized key only while their text names it.
/// </summary>
public sealed class AtomizedKeyTests
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";

    private const string TeamPolicy = """
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/Team":"red"}}},
          {"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}
        """;

    [Fact]
    public void Every_spelling_of_a_key_is_one_atom_and_other_keys_are_others()
    {
        ConditionKey first = ConditionKey.Get($"test:Atom{Guid.NewGuid():N}");
        Assert.Same(first, ConditionKey.Get(first.Name.ToUpperInvariant()));
        Assert.Same(first, ConditionKey.Get(first.Name.ToLowerInvariant()));
        Assert.Equal(first.Name, ConditionKey.Get(first.Name.ToUpperInvariant()).Name);
        Assert.NotSame(ConditionKey.Get("test:kelvin"), ConditionKey.Get("test:\u212aelvin")); // U+212A is not K (ordinal ignore-case)
        Assert.NotSame(ConditionKey.Get("aws:SourceIp"), ConditionKey.Get("aws:SourceIps"));
    }

    [Theory]
    [InlineData("aws:PrincipalTag/Team", "red", Decision.Allow)]
    [InlineData("AWS:principaltag/TEAM", "red", Decision.Allow)]
    [InlineData("aws:PrincipalTag/Team", "blue", Decision.ImplicitDeny)]
    [InlineData("aws:PrincipalTag/Teams", "red", Decision.ImplicitDeny)]
    public void A_request_of_atomized_keys_decides_as_one_of_text_keys(string key, string value, Decision expected)
    {
        PolicySet policies = Identity(TeamPolicy);
        foreach (EngineKind kind in Enum.GetValues<EngineKind>())
        {
            CompiledPolicySet set = new DecisionEngine(kind).CompiledFor(policies);
            var text = new AuthorizationRequest();
            Begin(text);
            text.AddContext(key, value);
            text.AddContext("aws:SecureTransport", "true");

            var atomized = new AuthorizationRequest();
            Begin(atomized);
            atomized.AddContext(ConditionKey.Get(key), value);
            atomized.AddContext(ConditionKey.Get("AWS:SECURETRANSPORT"), "true");

            var query = new AuthorizationQuery(Alice, "s3:GetObject", "arn:aws:s3:::b/k", null,
                [ContextEntry.OneValue(key, value), ContextEntry.OneValue("aws:SecureTransport", "true")]);
            Assert.Equal(expected, ReferenceEvaluator.Evaluate(policies, query).Decision);
            Assert.Equal(expected, set.Evaluate(text).Decision);
            Assert.Equal(expected, set.Evaluate(atomized).Decision);
        }
    }

    [Fact]
    public void An_atomized_Deny_key_is_found_by_a_set_that_spells_it_otherwise()
    {
        CompiledPolicySet set = PolicySetCompiler.Compile(Identity(TeamPolicy));
        var request = new AuthorizationRequest();
        Begin(request);
        request.AddContext(ConditionKey.Get("aws:principaltag/team"), "red");
        request.AddContext(ConditionKey.Get("aws:securetransport"), "false");
        Assert.Equal(Decision.ExplicitDeny, set.Evaluate(request).Decision);
    }

    [Fact]
    public void An_entry_looks_its_atom_up_on_its_second_use_and_keeps_it_only_while_its_text_names_it()
    {
        _ = PolicySetCompiler.Compile(Identity(TeamPolicy));
        ContextEntry team = ContextEntry.OneValue("aws:principaltag/team", "red");
        Assert.Null(team.Atom); // an entry used once (one per HTTP request) never looks up
        Assert.Same(ConditionKey.Get("aws:PrincipalTag/Team"), team.Atom);
        Assert.Same(ConditionKey.Get("aws:PrincipalTag/Team"), team.Atom);

        ContextEntry transport = team with { Key = "AWS:SecureTransport" };
        Assert.Null(transport.Atom);
        Assert.Same(ConditionKey.Get("aws:SecureTransport"), transport.Atom);

        ContextEntry unknown = team with { Key = $"test:never{Guid.NewGuid():N}" };
        Assert.Null(unknown.Atom);
        Assert.Null(unknown.Atom);

        // The looked-up atom is not part of the entry's value.
        ContextEntry fresh = ContextEntry.OneValue("aws:principaltag/team", "red") with { Values = team.Values };
        Assert.Equal(team, fresh);
        Assert.Equal(team.GetHashCode(), fresh.GetHashCode());
    }

    [Fact]
    public void A_case_file_key_is_atomized_on_its_second_use_and_a_wire_entry_key_never_is()
    {
        // Case files are trusted text asked again and again: their keys join the process's
        // table, as an embedder's static keys do. An entry built any other way (the JSON API's,
        // filled twice when its set was still compiling) only looks its key up.
        string unread = $"test:unread{Guid.NewGuid():N}";
        var cases = System.Collections.Immutable.ImmutableArray.CreateBuilder<Engine.Compiler.Cases.DecisionCase>();
        var errors = System.Collections.Immutable.ImmutableArray.CreateBuilder<Engine.Compiler.Cases.CaseLoadError>();
        string context = $$"""{"{{unread}}":"x","{{unread}}s":["y"]}""";
        string text = $$$"""{"name":"n","request":{"principal":"{{{Alice}}}","action":"s3:GetObject","resource":"*","context":{{{context}}}}}""";
        Engine.Compiler.Cases.DecisionCaseReader.ReadText(System.Text.Encoding.UTF8.GetBytes(text), "t.json", jsonLines: false, cases, errors);
        Assert.Empty(errors);
        foreach (ContextEntry fromFile in Assert.Single(cases).Query.Context)
        {
            Assert.Null(fromFile.Atom);
            Assert.Same(ConditionKey.Get(fromFile.Key), fromFile.Atom);
            Assert.Equal(fromFile.Key, fromFile.Atom!.Name);
        }

        ContextEntry fromWire = ContextEntry.OneValue($"test:wire{Guid.NewGuid():N}", "x");
        Assert.Null(fromWire.Atom);
        Assert.Null(fromWire.Atom);
        Assert.Null(fromWire.Atom);
    }

    [Fact]
    public void A_text_key_learns_its_own_atom_and_decides_the_same_again_and_in_other_sets()
    {
        // The first evaluation finds the text keys the set reads by comparing text and records
        // their atoms; the next ones, in this set or in one that spells the keys otherwise, find
        // them by id. A key no set reads stays text.
        CompiledPolicySet set = PolicySetCompiler.Compile(Identity(TeamPolicy));
        CompiledPolicySet otherSpelling = PolicySetCompiler.Compile(Identity(TeamPolicy.Replace("aws:PrincipalTag/Team", "AWS:PRINCIPALTAG/team", StringComparison.Ordinal)));
        CompiledPolicySet unrelated = PolicySetCompiler.Compile(Identity("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice"}}}]}
            """));
        string unread = $"test:unread{Guid.NewGuid():N}";
        var request = new AuthorizationRequest();
        Begin(request);
        request.AddContext("aws:principaltag/team", "red");
        request.AddContext("aws:securetransport", "true");
        request.AddContext(unread, "x");
        Assert.Equal([0, 0, 0], AtomIds(request));
        for (int round = 0; round < 3; round++)
        {
            Assert.Equal(Decision.ImplicitDeny, unrelated.Evaluate(request).Decision);
            Assert.Equal(Decision.Allow, set.Evaluate(request).Decision);
            Assert.Equal([ConditionKey.Get("aws:PrincipalTag/Team").Id, ConditionKey.Get("aws:SecureTransport").Id, 0], AtomIds(request));
            Assert.Equal(Decision.Allow, otherSpelling.Evaluate(request).Decision);
        }

        // A learned key still collides with its other spellings, atomized or as text, and with
        // nothing else: an atomized key of the same length is another key.
        var atomized = Clone(request);
        atomized.AddContext(ConditionKey.Get("AWS:PrincipalTag/TEAM"), "blue");
        Assert.True(atomized.HasDuplicateContextKey);
        Assert.Equal(EvaluationStatus.DuplicateContextKey, set.Evaluate(atomized).Status);
        var text = Clone(request);
        text.AddContext("AWS:PRINCIPALTAG/TEAM", "blue");
        Assert.True(text.HasDuplicateContextKey);
        var other = Clone(request);
        other.AddContext(ConditionKey.Get("aws:PrincipalTag/Tean"), "blue");
        Assert.False(other.HasDuplicateContextKey);
        Assert.Equal(Decision.Allow, set.Evaluate(other).Decision);

        // Refilled, the request's rows are new: nothing learned carries over.
        request.Reset();
        Begin(request);
        request.AddContext("aws:principaltag/teams", "red");
        request.AddContext("aws:securetransport", "false");
        Assert.Equal([0, 0], AtomIds(request));
        Assert.Equal(Decision.ExplicitDeny, set.Evaluate(request).Decision);
        Assert.Equal([0, ConditionKey.Get("aws:SecureTransport").Id], AtomIds(request));

        // A request evaluated once, its keys learned, then grown by more keys.
        static AuthorizationRequest Clone(AuthorizationRequest learned)
        {
            AuthorizationRequest copy = new();
            Begin(copy);
            copy.AddContext("aws:principaltag/team", "red");
            copy.AddContext("aws:securetransport", "true");
            _ = PolicySetCompiler.Compile(Identity(TeamPolicy)).Evaluate(copy);
            Assert.Equal(AtomIds(learned)[..2], AtomIds(copy));
            return copy;
        }
    }

    private static int[] AtomIds(AuthorizationRequest request) =>
        [.. Enumerable.Range(0, request.ContextCount).Select(request.ContextKeyAtomId)];

    private static void Begin(AuthorizationRequest request)
    {
        request.SetPrincipal(Alice);
        request.SetAction("s3:GetObject");
        request.SetResource("arn:aws:s3:::b/k");
    }

    private static PolicySet Identity(params string[] documents) =>
        new([.. documents.Select(d => PolicyParser.ParseOrThrow(d, PolicyKind.Identity))], null, [], [], null, null);
}
