using Engine.Bundles.Accounts;
using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;
using Engine.Testing;
using Engine.Testing.Accounts;

namespace Engine.Bundles.Tests.Accounts;

/// <summary>
/// The committed synthetic account (tests/Accounts/synthetic-account/, three pages written by
/// <see cref="SyntheticAccount"/>) decided against the hand-worked cases beside it, with the
/// reference interpreter and the compiled engine.
/// </summary>
public sealed class AccountCaseTests
{
    private static readonly Lazy<Bundle> s_bundle = new(() =>
    {
        BundleLoadResult result = AuthorizationDetailsLoader.Load(PageFiles());
        Assert.Empty(result.Errors);
        return result.Bundle!;
    });

    public static string AccountDirectory => Path.Combine(RepositoryPaths.RepositoryRoot, "tests", "Accounts");

    public static TheoryData<string> Cases() => Names("synthetic-account.cases.json");

    public static TheoryData<string> DeriveCases() => Names("synthetic-account.derive-context.cases.json");

    [Fact]
    public void The_committed_pages_are_what_the_generator_writes()
    {
        // Regenerate: ENGINE_WRITE_ACCOUNT=1 dotnet test --filter "FullyQualifiedName~The_committed_pages".
        if (Environment.GetEnvironmentVariable("ENGINE_WRITE_ACCOUNT") == "1")
        {
            SyntheticAccount.Write(Path.Combine(AccountDirectory, "synthetic-account"));
        }

        IReadOnlyList<string> pages = SyntheticAccount.Pages();
        Assert.Equal(pages.Count, PageFiles().Count);
        for (int i = 0; i < pages.Count; i++)
        {
            Assert.Equal(pages[i], File.ReadAllText(PageFiles()[i]).ReplaceLineEndings("\n"));
        }
    }

    [Fact]
    public void The_account_loads_with_sharing()
    {
        Bundle bundle = s_bundle.Value;
        Assert.Equal(7 + 24, bundle.PrincipalCount);
        Assert.InRange(bundle.ProfileCount, 1, bundle.PrincipalCount);

        // alice and erin hold the same inline SelfMfa text: one document, so one profile.
        Assert.True(bundle.TryResolve("arn:aws:iam::111122223333:user/alice", "*", "", out CompiledPolicySet? alice));
        Assert.True(bundle.TryResolve("arn:aws:iam::111122223333:user/erin", "*", "", out CompiledPolicySet? erin));
        Assert.NotSame(alice, erin);
        Assert.True(bundle.TryGetPolicySet("arn:aws:iam::111122223333:user/erin", "*", null, out PolicySet? set));
        Assert.Equal("SelfMfa (inline)", bundle.NameOf(set.Identity[0]));
        Assert.True(bundle.TryGetPolicySet("arn:aws:iam::111122223333:user/alice", "*", null, out PolicySet? aliceSet));
        Assert.Same(set.Identity[0], aliceSet.Identity[0]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cases_decide_as_worked_out_by_hand(string name) => Decide("synthetic-account.cases.json", name, derive: false);

    [Theory]
    [MemberData(nameof(DeriveCases))]
    public void Derive_context_cases_decide_as_worked_out_by_hand(string name) => Decide("synthetic-account.derive-context.cases.json", name, derive: true);

    [Fact]
    public void Derived_facts_follow_the_spec_for_users_and_sessions()
    {
        Bundle bundle = s_bundle.Value;
        Dictionary<string, string> user = ContextDerivation.Derive(bundle, "arn:aws:iam::111122223333:user/eng/bob").ToDictionary();
        Assert.Equal("bob", user["aws:username"]);
        Assert.Equal("AIDABOB0000000000001", user["aws:userid"]);
        Assert.Equal("arn:aws:iam::111122223333:user/eng/bob", user["aws:PrincipalArn"]);
        Assert.Equal("User", user["aws:PrincipalType"]);
        Assert.Equal("blue", user["aws:PrincipalTag/team"]);

        Dictionary<string, string> session = ContextDerivation.Derive(bundle, "arn:aws:sts::111122223333:assumed-role/deployer/ci-42").ToDictionary();
        Assert.False(session.ContainsKey("aws:username"));
        Assert.Equal("AROADEPLOYER00000001:ci-42", session["aws:userid"]);
        Assert.Equal("arn:aws:iam::111122223333:role/service/deployer", session["aws:PrincipalArn"]);
        Assert.Equal("111122223333", session["aws:PrincipalAccount"]);
        Assert.Equal("AssumedRole", session["aws:PrincipalType"]);
        Assert.Equal("prod", session["aws:PrincipalTag/env"]);
        Assert.Empty(ContextDerivation.Derive(bundle, "arn:aws:iam::111122223333:user/nobody"));
    }

    internal static IReadOnlyList<string> PageFiles() =>
        [.. Directory.GetFiles(Path.Combine(AccountDirectory, "synthetic-account"), "page-*.json").Order(StringComparer.Ordinal)];

    private static TheoryData<string> Names(string file)
    {
        var data = new TheoryData<string>();
        foreach (DecisionCase decisionCase in Load(file).Cases)
        {
            data.Add(decisionCase.Name);
        }

        return data;
    }

    private static CaseFileSet Load(string file)
    {
        CaseFileSet set = CaseFileSet.Load([Path.Combine(AccountDirectory, file)]);
        Assert.Empty(set.Errors);
        return set;
    }

    private static void Decide(string file, string name, bool derive)
    {
        Bundle bundle = s_bundle.Value;
        DecisionCase decisionCase = Load(file).Cases.Single(c => c.Name == name);
        Assert.Null(decisionCase.Policies);
        AuthorizationQuery query = derive ? ContextDerivation.Apply(bundle, decisionCase.Query) : decisionCase.Query;
        Assert.True(bundle.TryGetPolicySet(query.Principal, query.Resource, query.ResourceAccount, out PolicySet? policies));
        Assert.Equal(decisionCase.Expect, ReferenceEvaluator.Evaluate(policies, query).Decision);

        // The compiled set of the bundle, with the runtime-request form of the derivation.
        Assert.True(bundle.TryResolve(query.Principal, query.Resource, query.ResourceAccount, out CompiledPolicySet? compiled));
        var request = new AuthorizationRequest();
        QueryRequests.Fill(request, decisionCase.Query);
        if (derive)
        {
            ContextDerivation.Apply(bundle, request);
        }

        Assert.Equal(decisionCase.Expect, compiled.Evaluate(request).Decision);
    }
}
