using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Emit;

public static partial class PolicySetCompiler
{
    // SPEC: iam-semantics.md §8 — the principal part, analysed once into a matcher that
    // PrincipalMatcher.Match runs per request (the reference's MatchesPrincipal).
    // DIVERGENCE: the reference re-reads every entry per request and builds the caller's identity
    // chain (§8.4) as a list; the matcher precomputes each entry (PrincipalEntryInfo) and tests the
    // chain's links by flags. Both apply §8.2 and §8.4 entry by entry, so the match is the same.
    private static PrincipalMatcher ClassifyPrincipal(Statement statement, PolicyKind kind, bool hasBoundary)
    {
        PrincipalElement element = statement.Principal
            ?? throw new PolicyCompileException($"statement {statement.Index} of a {kind.ToCaseName()} policy has no principal");

        // SPEC: §8.4 — a resource-based Deny with NotPrincipal always applies to a caller with a boundary.
        if (element.IsNot && statement.Effect == Effect.Deny && hasBoundary && kind == PolicyKind.Resource)
        {
            return PrincipalMatcher.Everyone;
        }

        return new PrincipalMatcher(
            element.Entries.Select(e => new PrincipalEntryInfo(e.Type == PrincipalType.Aws, e.Value)),
            element.IsNot,
            statement.Effect == Effect.Deny);
    }
}
