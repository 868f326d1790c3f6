using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using Engine.Testing.Bundles;

namespace Engine.Bundles.Tests.Bundles;

/// <summary>
/// A reload given the bundle it replaces (issue #15 §2) keeps the parsed and classified form of
/// every policy file whose bytes did not change, and parses and classifies a changed file anew.
/// </summary>
public sealed class BundleReloadReuseTests : IDisposable
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";

    private const string Manifest = """
        {
          "format": 1,
          "users": { "arn:aws:iam::111122223333:user/alice": { "policies": ["allow-s3", "deny-delete"] } },
          "organization": { "accounts": { "111122223333": { "scps": [["allow-all"]] } } }
        }
        """;

    private readonly TempBundle _directory = new(Manifest, TempBundle.StandardPolicies);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void An_unchanged_file_keeps_its_document_and_a_changed_one_is_parsed_and_decided_anew()
    {
        Bundle first = Load(previous: null);
        Assert.Equal(0, first.ParsedFiles.Reused);
        Assert.Equal(Decision.Allow, BundleDecisions.Decide(first, Alice, "s3:PutObject"));

        // Unchanged: every document object is the one of the first load (so its classified form is too).
        Bundle same = Load(first);
        Assert.Equal(first.PolicyCount, same.ParsedFiles.Reused);
        Assert.Equal(first.Revision, same.Revision);
        Assert.Equal(Documents(first), Documents(same), ReferenceEqualityComparer.Instance);

        // deny-delete now denies PutObject too: only that file is parsed (and classified) again.
        File.WriteAllText(
            Path.Combine(_directory.Directory, "policies", "deny-delete.json"),
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:DeleteObject","s3:PutObject"],"Resource":"*"}]}""");
        Bundle changed = Load(same);
        Assert.Equal(first.PolicyCount - 1, changed.ParsedFiles.Reused);
        Assert.NotEqual(first.Revision, changed.Revision);
        PolicyDocument[] before = Documents(same), after = Documents(changed);
        Assert.Same(before[0], after[0]);
        Assert.NotSame(before[1], after[1]);
        Assert.Equal(Decision.ExplicitDeny, BundleDecisions.Decide(changed, Alice, "s3:PutObject"));
        Assert.Equal(Decision.Allow, BundleDecisions.Decide(changed, Alice, "s3:GetObject"));

        // The bundle it replaced still decides with what it loaded.
        Assert.Equal(Decision.Allow, BundleDecisions.Decide(same, Alice, "s3:PutObject"));
    }

    private Bundle Load(Bundle? previous)
    {
        BundleLoadResult result = BundleLoader.Load(_directory.Directory, previous);
        Assert.Empty(result.Errors);
        return result.Bundle!;
    }

    // alice's identity policies, then her SCP: allow-s3, deny-delete, allow-all.
    private static PolicyDocument[] Documents(Bundle bundle)
    {
        Assert.True(bundle.TryGetPolicySet(Alice, "*", "", out PolicySet? set));
        return [.. set!.Identity, .. set.Scps!.Value.SelectMany(level => level)];
    }
}
