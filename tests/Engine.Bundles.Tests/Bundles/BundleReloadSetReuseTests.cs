using Engine.Runtime.Evaluation;
using Engine.Testing.Bundles;

namespace Engine.Bundles.Tests.Bundles;

/// <summary>
/// A reload given the bundle it replaces takes over the compiled sets whose documents did not
/// change (the same document objects in the same places), found by their documents rather than
/// by the manifest's integer ids; a set holding a changed file is compiled anew (issue #15 §2).
/// </summary>
public sealed class BundleReloadSetReuseTests : IDisposable
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";
    private const string Bob = "arn:aws:iam::111122223333:user/bob";
    private const string Carol = "arn:aws:iam::111122223333:user/carol";

    private const string Manifest = """
        {
          "format": 1,
          "users": {
            "arn:aws:iam::111122223333:user/alice": { "policies": ["allow-s3", "deny-delete"] },
            "arn:aws:iam::111122223333:user/bob": { "policies": ["allow-s3"] }
          },
          "organization": { "accounts": { "111122223333": { "scps": [["allow-all"]] } } }
        }
        """;

    private readonly TempBundle _directory = new(Manifest, TempBundle.StandardPolicies);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void An_unchanged_directory_compiles_nothing_again()
    {
        Bundle first = Load(previous: null);
        Assert.Equal(0, first.ReusedSetCount);
        Assert.Equal(2, first.CompiledSetCount);

        Bundle same = Load(first);
        Assert.Equal(2, same.ReusedSetCount);
        Assert.Equal(2, same.CompiledSetCount);
        Assert.Same(SetOf(first, Alice), SetOf(same, Alice));
        Assert.Same(SetOf(first, Bob), SetOf(same, Bob));
        Assert.Equal(Decision.ExplicitDeny, BundleDecisions.Decide(same, Alice, "s3:DeleteObject"));
        Assert.Equal(Decision.Allow, BundleDecisions.Decide(same, Bob, "s3:DeleteObject"));
    }

    [Fact]
    public void A_changed_file_recompiles_only_the_sets_that_hold_it()
    {
        Bundle first = Load(previous: null);
        File.WriteAllText(
            Path.Combine(_directory.Directory, "policies", "deny-delete.json"),
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:DeleteObject","s3:PutObject"],"Resource":"*"}]}""");

        Bundle changed = Load(first);
        Assert.Equal(1, changed.ReusedSetCount);
        Assert.NotSame(SetOf(first, Alice), SetOf(changed, Alice));
        Assert.Same(SetOf(first, Bob), SetOf(changed, Bob));
        Assert.Equal(Decision.ExplicitDeny, BundleDecisions.Decide(changed, Alice, "s3:PutObject"));
        Assert.Equal(Decision.Allow, BundleDecisions.Decide(changed, Bob, "s3:PutObject"));
        Assert.Equal(Decision.Allow, BundleDecisions.Decide(first, Alice, "s3:PutObject"));
    }

    [Fact]
    public void A_set_is_found_by_its_documents_when_the_manifest_renumbers_them()
    {
        Bundle first = Load(previous: null);

        // carol comes first and holds a new combination, so every profile and document id moves;
        // bob's documents are still allow-s3 under the same SCP, so his set is taken over.
        File.WriteAllText(Path.Combine(_directory.Directory, "bundle.json"), """
            {
              "format": 1,
              "users": {
                "arn:aws:iam::111122223333:user/carol": { "policies": ["deny-delete", "allow-all"] },
                "arn:aws:iam::111122223333:user/bob": { "policies": ["allow-s3"] },
                "arn:aws:iam::111122223333:user/alice": { "policies": ["deny-delete", "allow-s3"] }
              },
              "organization": { "accounts": { "111122223333": { "scps": [["allow-all"]] } } }
            }
            """);

        Bundle renumbered = Load(first);
        Assert.Equal(1, renumbered.ReusedSetCount);
        Assert.Same(SetOf(first, Bob), SetOf(renumbered, Bob));

        // alice's policies in another order are another set (statement ids follow the order).
        Assert.NotSame(SetOf(first, Alice), SetOf(renumbered, Alice));
        Assert.Equal(Decision.ExplicitDeny, BundleDecisions.Decide(renumbered, Alice, "s3:DeleteObject"));
        Assert.Equal(Decision.ExplicitDeny, BundleDecisions.Decide(renumbered, Carol, "s3:DeleteObject"));
        Assert.Equal(Decision.Allow, BundleDecisions.Decide(renumbered, Carol, "ec2:RunInstances"));
    }

    private Bundle Load(Bundle? previous)
    {
        BundleLoadResult result = BundleLoader.Load(_directory.Directory, previous);
        Assert.Empty(result.Errors);
        return result.Bundle!;
    }

    private static CompiledPolicySet SetOf(Bundle bundle, string principal)
    {
        Assert.True(bundle.TryResolve(principal, "arn:aws:s3:::bucket/key", "", out CompiledPolicySet? set));
        return set!;
    }
}
