using System.Collections.Immutable;
using Engine.Bundles;
using Engine.Bundles.Accounts;
using Engine.Compiler.Cases;
using Engine.Host.Reload;
using Engine.LoadGen.Workload;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Host.Tests.LoadGen;

public sealed class BundleWorkloadTests
{
    private static readonly ImmutableArray<CatalogAction> s_catalog = ActionCatalog.Bundled;

    [Fact]
    public void Requests_derived_from_an_account_cover_every_principal_and_all_three_decisions()
    {
        Bundle bundle = Load([.. Directory.GetFiles(Path.Combine(RepositoryPaths.RepositoryRoot, "tests", "Accounts", "synthetic-account"), "*.json").Order(StringComparer.Ordinal)]);

        ImmutableArray<DecisionCase> cases = BundleWorkload.Derive(bundle, s_catalog, maxRequests: 100_000);

        Assert.Equal(bundle.PrincipalArns.Length, cases.Select(c => c.Query.Principal).Distinct().Count());
        Assert.All(cases.GroupBy(c => c.Query.Principal), g => Assert.InRange(g.Count(), 1, BundleWorkload.PerPrincipal));
        Assert.Contains(cases, c => c.Expect == Decision.Allow);
        Assert.Contains(cases, c => c.Expect == Decision.ExplicitDeny);
        Assert.Contains(cases, c => c.Expect == Decision.ImplicitDeny);
        Assert.All(cases, c => Assert.Contains(c.Query.Context, e => e.Key == "aws:PrincipalArn"));
    }

    [Fact]
    public void The_default_bundle_gives_alice_and_bob_their_own_mfa_requests_with_the_reference_answers()
    {
        Bundle bundle = Load([BundleReload.DefaultDirectory]);

        ImmutableArray<DecisionCase> cases = BundleWorkload.Derive(bundle, s_catalog, maxRequests: 100_000);

        // Alice's own user resource, filled from ${aws:username}; the expectation is the reference's.
        DecisionCase own = Assert.Single(cases, c => c.Query.Principal.EndsWith("user/alice", StringComparison.Ordinal)
            && c.Query.Action == "iam:DeactivateMFADevice");
        Assert.Equal("arn:aws:iam::111122223333:user/alice", own.Query.Resource);
        bool mfa = own.Query.Context.Single(e => e.Key == "aws:MultiFactorAuthPresent").Values[0] == "true";
        Assert.Equal(mfa ? Decision.Allow : Decision.ExplicitDeny, own.Expect);
        Assert.Contains(cases, c => c.Expect == Decision.ExplicitDeny);
    }

    [Fact]
    public void The_cap_is_respected() =>
        Assert.Equal(3, BundleWorkload.Derive(Load([BundleReload.DefaultDirectory]), s_catalog, maxRequests: 3).Length);

    private static Bundle Load(IReadOnlyList<string> paths)
    {
        BundleLoadResult result = BundleSources.Load(paths);
        Assert.True(result.Success, string.Join("; ", result.Errors));
        return result.Bundle!;
    }
}
