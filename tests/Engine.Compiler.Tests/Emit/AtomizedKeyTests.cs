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
    public void An_entry_atomizes_its_key_on_its_second_use_and_keeps_it_only_while_its_text_names_it()
    {
        _ = PolicySetCompiler.Compile(Identity(TeamPolicy));
        ContextEntry team = ContextEntry.OneValue("aws:principaltag/team", "red");
        Assert.Null(team.Atom); // an entry used once (one per HTTP request) never looks up
        Assert.Same(ConditionKey.Get("aws:PrincipalTag/Team"), team.Atom);
        Assert.Same(ConditionKey.Get("aws:PrincipalTag/Team"), team.Atom);

        ContextEntry transport = team with { Key = "AWS:SecureTransport" };
        Assert.Null(transport.Atom);
        Assert.Same(ConditionKey.Get("aws:SecureTransport"), transport.Atom);

        // A key no set reads is atomized too (its fills then skip the fingerprint); the first use
        // never adds it, so an entry built for one request leaves the process's table alone.
        string fresh = $"test:unread{Guid.NewGuid():N}";
        ContextEntry unread = team with { Key = fresh };
        Assert.Null(unread.Atom);
        ConditionKey? atom = unread.Atom;
        Assert.NotNull(atom);
        Assert.Equal(fresh, atom.Name);
        Assert.Same(atom, unread.Atom);

        // The looked-up atom is not part of the entry's value.
        ContextEntry again = ContextEntry.OneValue("aws:principaltag/team", "red") with { Values = team.Values };
        Assert.Equal(team, again);
        Assert.Equal(team.GetHashCode(), again.GetHashCode());
    }

    [Fact]
    public void A_text_key_learns_its_atom_and_decides_the_same_again_and_in_other_sets()
    {
        // The first evaluation finds the text keys by comparing text and records their atoms; the
        // next ones, in this set or in another that spells the keys otherwise, find them by id.
        CompiledPolicySet set = PolicySetCompiler.Compile(Identity(TeamPolicy));
        CompiledPolicySet otherSpelling = PolicySetCompiler.Compile(Identity(TeamPolicy.Replace("aws:PrincipalTag/Team", "AWS:PRINCIPALTAG/team", StringComparison.Ordinal)));
        CompiledPolicySet unrelated = PolicySetCompiler.Compile(Identity("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":"alice"}}}]}
            """));
        var request = new AuthorizationRequest();
        Begin(request);
        request.AddContext("aws:principaltag/team", "red");
        request.AddContext("aws:securetransport", "true");
        for (int round = 0; round < 3; round++)
        {
            Assert.Equal(Decision.ImplicitDeny, unrelated.Evaluate(request).Decision);
            Assert.Equal(Decision.Allow, set.Evaluate(request).Decision);
            Assert.Equal(Decision.Allow, otherSpelling.Evaluate(request).Decision);
        }

        // A learned key still collides with its other spellings, given atomized or as text.
        request.AddContext(ConditionKey.Get("AWS:PrincipalTag/TEAM"), "blue");
        Assert.True(request.HasDuplicateContextKey);
        Assert.Equal(EvaluationStatus.DuplicateContextKey, set.Evaluate(request).Status);

        // Refilled with other keys, the request forgets what it learned.
        request.Reset();
        Begin(request);
        request.AddContext("aws:principaltag/teams", "red");
        request.AddContext("aws:securetransport", "false");
        Assert.Equal(Decision.ExplicitDeny, set.Evaluate(request).Decision);
        request.Reset();
        Begin(request);
        request.AddContext("aws:principaltag/teams", "red");
        Assert.Equal(Decision.ImplicitDeny, set.Evaluate(request).Decision);
    }

    private static void Begin(AuthorizationRequest request)
    {
        request.SetPrincipal(Alice);
        request.SetAction("s3:GetObject");
        request.SetResource("arn:aws:s3:::b/k");
    }

    private static PolicySet Identity(params string[] documents) =>
        new([.. documents.Select(d => PolicyParser.ParseOrThrow(d, PolicyKind.Identity))], null, [], [], null, null);
}
