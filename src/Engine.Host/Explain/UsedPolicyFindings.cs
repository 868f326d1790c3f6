using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Engine.Compiler.Model;
using Engine.Lint;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Explain;

/// <summary>
/// The policy checks of <c>engine validate</c> for every policy a decision used, below the decision
/// (issue #12 §2): they never change it, but say what the engine decided silently (a <c>Bool</c> on
/// <c>"fals"</c>, an <c>ArnLike</c> on a malformed ARN…). The one home of this for <c>engine eval</c>
/// and the JSON API's <c>?explain=true</c>.
/// </summary>
internal static class UsedPolicyFindings
{
    // Per document object, never per request: a bundle parses each document once per load, so a
    // reload brings new objects and the findings of the old revision go with the old bundle.
    private static readonly ConditionalWeakTable<PolicyDocument, LintResult> s_lint = new();

    /// <summary>
    /// The findings of each policy of <paramref name="set"/> whose text <paramref name="source"/> knows, in the
    /// explanation order of §17, each with the policy's place as statements name it (<c>identity[0]</c>).
    /// </summary>
    /// <param name="set">The policies the decision used.</param>
    /// <param name="source">A document's name (file, bundle policy name or ARN) and UTF-8 text; null when unknown.</param>
    public static ImmutableArray<(string Policy, string Name, PolicyFinding Finding)> Of(
        PolicySet set, Func<PolicyDocument, (string Name, ReadOnlyMemory<byte> Text)?> source)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(source);
        var findings = ImmutableArray.CreateBuilder<(string, string, PolicyFinding)>();
        foreach ((string policy, PolicyKind kind, PolicyDocument document) in Policies(set))
        {
            if (source(document) is not { } named || named.Text.IsEmpty)
            {
                continue;
            }

            LintResult result = s_lint.GetValue(document, _ => PolicyLinter.Lint(named.Text.ToArray(), kind));
            foreach (PolicyFinding finding in result.Findings)
            {
                findings.Add((policy, named.Name, finding));
            }
        }

        return findings.ToImmutable();
    }

    // SPEC: iam-semantics.md §17 — the order statements are explained in, and their policies' names.
    private static IEnumerable<(string Policy, PolicyKind Kind, PolicyDocument Document)> Policies(PolicySet set)
    {
        foreach ((ImmutableArray<ImmutableArray<PolicyDocument>>? levels, PolicyKind kind) in new[] { (set.Rcps, PolicyKind.Rcp), (set.Scps, PolicyKind.Scp) })
        {
            if (levels is not { } all)
            {
                continue;
            }

            for (int level = 0; level < all.Length; level++)
            {
                for (int i = 0; i < all[level].Length; i++)
                {
                    yield return ($"{kind.ToCaseName()}[level {level}][{i}]", kind, all[level][i]);
                }
            }
        }

        if (set.Resource is { } resource)
        {
            yield return ("resource", PolicyKind.Resource, resource);
        }

        foreach ((ImmutableArray<PolicyDocument> documents, PolicyKind kind) in new[]
        {
            (set.Identity, PolicyKind.Identity), (set.PermissionsBoundary, PolicyKind.PermissionsBoundary), (set.Session, PolicyKind.Session),
        })
        {
            for (int i = 0; i < (documents.IsDefault ? 0 : documents.Length); i++)
            {
                yield return ($"{kind.ToCaseName()}[{i}]", kind, documents[i]);
            }
        }

        if (set.VpcEndpoint is { } endpoint)
        {
            yield return ("vpcEndpoint[0]", PolicyKind.VpcEndpoint, endpoint);
        }
    }
}
