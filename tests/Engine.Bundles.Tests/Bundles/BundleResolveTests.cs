using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using Engine.Testing;
using Engine.Testing.Bundles;

namespace Engine.Bundles.Tests.Bundles;

public sealed class BundleResolveTests : IDisposable
{
    private const string Manifest = """
        {
          "format": 1,
          "groups": { "storage": { "policies": ["allow-s3"] } },
          "users": {
            "arn:aws:iam::111122223333:user/alice": { "policies": ["allow-s3"] },
            "arn:aws:iam::111122223333:user/team/bob": { "groups": ["storage"] },
            "arn:aws:iam::111122223333:user/carol": { "policies": ["allow-s3", "deny-delete"], "groups": ["storage"] },
            "arn:aws:iam::444455556666:user/dave": { "policies": ["allow-s3"] }
          },
          "roles": {
            "arn:aws:iam::111122223333:role/ops/deployer": { "policies": ["allow-all"], "permissionsBoundary": "allow-s3", "trustPolicy": "bucket" }
          },
          "resources": { "arn:aws:s3:::shared": "bucket" },
          "organization": {
            "accounts": {
              "111122223333": { "scps": [["allow-all"], ["deny-delete", "allow-all"]], "rcps": [["rcp-deny-s3"]] },
              "444455556666": { "scps": [] }
            }
          }
        }
        """;

    private readonly TempBundle _directory = new(Manifest, TempBundle.StandardPolicies);
    private readonly Bundle _bundle;

    public BundleResolveTests()
    {
        BundleLoadResult result = BundleLoader.Load(_directory.Directory);
        Assert.Empty(result.Errors);
        _bundle = result.Bundle!;
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_document_the_bundle_does_not_hold_has_no_name_or_source_even_when_equal_to_one_it_holds()
    {
        Assert.True(_bundle.TryGetPolicySet("arn:aws:iam::111122223333:user/alice", "*", null, out PolicySet? set));
        PolicyDocument held = set!.Identity[0];
        PolicyDocument copy = held with { };

        Assert.NotNull(_bundle.NameOf(held));
        Assert.False(_bundle.SourceOf(held).IsEmpty);
        Assert.Null(_bundle.NameOf(copy));
        Assert.True(_bundle.SourceOf(copy).IsEmpty);
    }

    [Fact]
    public void Principals_with_the_same_policies_share_a_profile_and_a_compiled_set()
    {
        // alice and bob (same list, one via a group) share; carol's repeat of allow-s3 is dropped
        // but deny-delete makes hers differ; dave's account has other SCPs.
        Assert.Equal(5, _bundle.PrincipalCount);
        Assert.Equal(4, _bundle.ProfileCount);
        Assert.True(_bundle.TryResolve("arn:aws:iam::111122223333:user/alice", "*", "", out CompiledPolicySet? alice));
        Assert.True(_bundle.TryResolve("arn:aws:iam::111122223333:user/team/bob", "*", "", out CompiledPolicySet? bob));
        Assert.Same(alice, bob);
        Assert.Equal(["allow-s3", "deny-delete"], Names(Set("arn:aws:iam::111122223333:user/carol", "*").Identity));
    }

    [Fact]
    public void Role_sessions_resolve_to_their_role_whatever_its_path()
    {
        Assert.True(_bundle.TryResolve("arn:aws:iam::111122223333:role/ops/deployer", "*", "", out CompiledPolicySet? role));
        Assert.True(_bundle.TryResolve("arn:aws:sts::111122223333:assumed-role/deployer/ci-run-42", "*", "", out CompiledPolicySet? session));
        Assert.Same(role, session);

        PolicySet set = Set("arn:aws:sts::111122223333:assumed-role/deployer/ci-run-42", "*");
        Assert.Equal(["allow-all"], Names(set.Identity));
        Assert.Equal(["allow-s3"], Names(set.PermissionsBoundary));
        Assert.False(set.HasSession);
    }

    [Fact]
    public void A_role_session_falls_back_to_its_role_in_its_account_whatever_the_path()
    {
        // Moved from the server's deleted StaticPolicySource tests: the bundle is the one home of the fallback.
        using var directory = new TempBundle(
            """{"format":1,"roles":{"arn:aws:iam::444455556666:role/ops/team/Deployer":{"policies":["allow-all"]}}}""",
            TempBundle.StandardPolicies);
        Bundle bundle = BundleLoader.Load(directory.Directory).Bundle!;
        Assert.True(bundle.TryResolve("arn:aws:iam::444455556666:role/ops/team/Deployer", "*", "", out CompiledPolicySet? set));

        Assert.True(bundle.TryResolve("arn:aws:sts::444455556666:assumed-role/Deployer/build-42", "*", "", out CompiledPolicySet? found));
        Assert.Same(set, found);
        Assert.False(bundle.TryResolve("arn:aws:sts::111122223333:assumed-role/Deployer/build-42", "*", "", out _));
        Assert.False(bundle.TryResolve("arn:aws:sts::444455556666:assumed-role/Deployer2/s", "*", "", out _));
        Assert.False(bundle.TryResolve("arn:aws:sts::444455556666:assumed-role/Deployer", "*", "", out _));
        Assert.False(bundle.TryResolve("arn:aws:iam::444455556666:role/Deployer", "*", "", out _));
    }

    [Theory]
    [InlineData("arn:aws:sts::111122223333:assumed-role/deployer")]
    [InlineData("arn:aws:sts::111122223333:assumed-role/deployer/")]
    [InlineData("arn:aws:sts::111122223333:assumed-role/ops/deployer/s")]
    [InlineData("arn:aws:sts::444455556666:assumed-role/deployer/s")]
    [InlineData("arn:aws:sts::111122223333:assumed-role/Deployer/s")]
    [InlineData("arn:aws:iam::111122223333:role/deployer")]
    [InlineData("arn:aws:iam::111122223333:user/alice/")]
    [InlineData("111122223333")]
    public void Near_misses_do_not_resolve(string principal)
    {
        Assert.False(_bundle.TryResolve(principal, "*", "", out _));
        Assert.False(_bundle.TryGetPolicySet(principal, "*", null, out _));
    }

    [Theory]
    [InlineData("arn:aws:s3:::shared", "bucket")]
    [InlineData("arn:aws:s3:::shared/reports/2026.csv", "bucket")]
    [InlineData("arn:aws:s3:::shared-other/x", null)]
    [InlineData("arn:aws:s3:::other/shared", null)]
    [InlineData("arn:aws:iam::111122223333:role/ops/deployer", "bucket")]
    [InlineData("*", null)]
    public void A_resource_selects_its_policy_exactly_or_by_bucket(string resource, string? policy)
    {
        PolicySet set = Set("arn:aws:iam::111122223333:user/alice", resource);

        Assert.Equal(policy, set.Resource is null ? null : _bundle.NameOf(set.Resource));
    }

    [Fact]
    public void Scps_follow_the_principal_and_rcps_the_resource_account()
    {
        PolicySet alice = Set("arn:aws:iam::111122223333:user/alice", "arn:aws:s3:::shared/x");
        Assert.Equal([["allow-all"], ["deny-delete", "allow-all"]], alice.Scps!.Value.Select(level => Names(level)));
        Assert.Equal([["rcp-deny-s3"]], alice.Rcps!.Value.Select(level => Names(level)));

        // dave (444455556666, no RCPs) on a bucket that belongs to 111122223333: its RCPs apply.
        Assert.True(_bundle.TryGetPolicySet("arn:aws:iam::444455556666:user/dave", "arn:aws:s3:::shared/x", "111122223333", out PolicySet? dave));
        Assert.Empty(dave.Scps!.Value);
        Assert.Equal([["rcp-deny-s3"]], dave.Rcps!.Value.Select(level => Names(level)));

        // alice on a resource of an account the organization does not list: no RCPs.
        Assert.Null(Set("arn:aws:iam::111122223333:user/alice", "arn:aws:sqs:eu-west-1:999999999999:queue").Rcps);
    }

    [Fact]
    public void The_compiled_set_decides_like_the_model_set_says()
    {
        var request = new AuthorizationRequest();
        request.SetPrincipal("arn:aws:iam::444455556666:user/dave");
        request.SetAction("s3:GetObject");
        request.SetResource("arn:aws:s3:::shared/x");
        request.SetResourceAccount("111122223333");
        Assert.True(_bundle.TryResolve(request.Principal, request.Resource, request.ResourceAccount, out CompiledPolicySet? set));
        Assert.Equal(Decision.ExplicitDeny, set.Evaluate(request).Decision);

        request.Reset();
        request.SetPrincipal("arn:aws:iam::444455556666:user/dave");
        request.SetAction("s3:GetObject");
        request.SetResource("arn:aws:s3:::elsewhere/x");
        request.SetResourceAccount("444455556666");
        Assert.True(_bundle.TryResolve(request.Principal, request.Resource, request.ResourceAccount, out set));
        Assert.Equal(Decision.Allow, set.Evaluate(request).Decision);
    }

    [Fact]
    public void Warm_resolution_allocates_nothing()
    {
        string[] principals =
        [
            "arn:aws:iam::111122223333:user/alice",
            "arn:aws:sts::111122223333:assumed-role/deployer/ci-run-42",
            "arn:aws:iam::444455556666:user/dave",
            "arn:aws:iam::111122223333:user/nobody",
        ];
        string[] resources = ["*", "arn:aws:s3:::shared/reports/2026.csv", "arn:aws:sqs:eu-west-1:999999999999:queue"];
        int call = 0;
        int found = 0;
        void Resolve()
        {
            int i = call++;
            found += _bundle.TryResolve(principals[i % principals.Length], resources[i % resources.Length], i % 2 == 0 ? "" : "111122223333", out _) ? 1 : 0;
        }

        long allocated = Allocations.OfWarm(Resolve, iterations: 12_000);

        // Three of every four principals are known, whatever the resource.
        Assert.Equal(call / 4 * 3, found);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Concurrent_first_uses_compile_each_set_once()
    {
        CompiledPolicySet?[] sets = new CompiledPolicySet?[16];
        Parallel.For(0, sets.Length, i =>
            _bundle.TryResolve("arn:aws:iam::111122223333:user/carol", "arn:aws:s3:::shared/x", "", out sets[i]));

        Assert.All(sets, set => Assert.Same(sets[0], set));
    }

    [Fact]
    public async Task A_set_not_compiled_yet_is_compiled_off_the_callers_thread_once()
    {
        const string Carol = "arn:aws:iam::111122223333:user/carol";
        const string Shared = "arn:aws:s3:::shared/x";
        int before = _bundle.CompiledSetCount;

        // carol with the bucket's policy and her account's RCPs: not compiled at load.
        Assert.True(_bundle.TryResolveOrCompileLater(Carol, Shared, "", out CompiledPolicySet? set, out Task? first));
        Assert.Null(set);
        Assert.NotNull(first);
        Assert.True(_bundle.TryResolveOrCompileLater(Carol, Shared, "", out _, out Task? second));
        Assert.NotNull(second);

        await Task.WhenAll(first, second);
        Assert.Equal(before + 1, _bundle.CompiledSetCount);
        Assert.True(_bundle.TryResolveOrCompileLater(Carol, Shared, "", out set, out Task? none));
        Assert.Null(none);
        Assert.True(_bundle.TryResolve(Carol, Shared, "", out CompiledPolicySet? blocking));
        Assert.Same(blocking, set);
    }

    [Fact]
    public void An_unknown_principal_starts_no_compile()
    {
        Assert.False(_bundle.TryResolveOrCompileLater("arn:aws:iam::111122223333:user/nobody", "*", "", out CompiledPolicySet? set, out Task? pending));
        Assert.Null(set);
        Assert.Null(pending);
    }

    private PolicySet Set(string principal, string resource)
    {
        Assert.True(_bundle.TryGetPolicySet(principal, resource, null, out PolicySet? set));
        return set;
    }

    private string[] Names(IEnumerable<PolicyDocument> documents) => [.. documents.Select(d => _bundle.NameOf(d)!)];
}
