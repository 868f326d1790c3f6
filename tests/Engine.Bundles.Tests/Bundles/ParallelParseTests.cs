using System.Text;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using Engine.Testing.Bundles;

namespace Engine.Bundles.Tests.Bundles;

/// <summary>
/// The policy files of a bundle are parsed in parallel (issue #15 §2): each document still gets
/// the id, name and bytes of its own file, and errors come in the same stable order (by file, then
/// line, then the order the documents were named) on every load.
/// </summary>
public sealed class ParallelParseTests
{
    private const int Policies = 64;

    [Fact]
    public void Every_document_is_the_one_of_its_file()
    {
        // user i holds p(i) then p(i+1); p(i) allows svc:Act<i> only.
        var users = Enumerable.Range(0, Policies).Select(i =>
            $"\"arn:aws:iam::111122223333:user/u{i}\": {{ \"policies\": [\"p{i}\", \"p{(i + 1) % Policies}\"] }}");
        using var bundle = new TempBundle(
            $"{{ \"format\": 1, \"users\": {{ {string.Join(", ", users)} }} }}",
            [.. Enumerable.Range(0, Policies).Select(i => ($"p{i}", Allow($"svc:Act{i}")))]);

        BundleLoadResult result = BundleLoader.Load(bundle.Directory);
        Assert.Empty(result.Errors);
        Bundle loaded = result.Bundle!;
        Assert.Equal(Policies, loaded.PolicyCount);
        for (int i = 0; i < Policies; i++)
        {
            string user = $"arn:aws:iam::111122223333:user/u{i}";
            Assert.True(loaded.TryGetPolicySet(user, "*", "", out PolicySet? set));
            int next = (i + 1) % Policies;
            Assert.Equal([$"p{i}", $"p{next}"], set!.Identity.Select(document => loaded.NameOf(document)));
            Assert.Equal(Allow($"svc:Act{next}"), Encoding.UTF8.GetString(loaded.SourceOf(set.Identity[1]).Span));
            Assert.Equal(Decision.Allow, BundleDecisions.Decide(loaded, user, $"svc:Act{i}"));
            Assert.Equal(Decision.Allow, BundleDecisions.Decide(loaded, user, $"svc:Act{next}"));
            Assert.Equal(Decision.ImplicitDeny, BundleDecisions.Decide(loaded, user, $"svc:Act{(i + 2) % Policies}"));
        }
    }

    [Fact]
    public void Errors_of_many_bad_files_come_in_a_stable_order()
    {
        // Named in reverse order; "shared" is bad both as an SCP (read first: the organization is
        // read before the users) and as an identity policy, at the same place.
        const string Bad = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\"}]\n}";
        var names = Enumerable.Range(0, 20).Select(i => $"bad{i:D2}").Reverse().ToArray();
        string policies = string.Join(", ", names.Select(name => $"\"{name}\"").Append("\"shared\""));
        using var bundle = new TempBundle(
            $$"""
            {
              "format": 1,
              "users": { "arn:aws:iam::111122223333:user/alice": { "policies": [{{policies}}] } },
              "organization": { "accounts": { "111122223333": { "scps": [["shared"]] } } }
            }
            """,
            [.. names.Select(name => (name, Bad)), ("shared", Bad)]);

        string[] first = Errors(bundle);
        Assert.Equal(22, first.Length);
        Assert.Equal([.. names.Order(StringComparer.Ordinal).Select(name => $"policies/{name}.json"), "policies/shared.json", "policies/shared.json"], first.Select(e => e.Split(':')[0]));
        Assert.EndsWith("(as an SCP) at $.Statement[0] (line 3, column 17)", first[20], StringComparison.Ordinal);
        Assert.EndsWith("(as an identity policy) at $.Statement[0] (line 3, column 17)", first[21], StringComparison.Ordinal);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(first, Errors(bundle));
        }
    }

    private static string[] Errors(TempBundle bundle)
    {
        BundleLoadResult result = BundleLoader.Load(bundle.Directory);
        Assert.Null(result.Bundle);
        return [.. result.Errors.Select(e => e.ToString())];
    }

    private static string Allow(string action) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"*"}]}""";
}
