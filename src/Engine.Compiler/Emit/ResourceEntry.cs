using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

/// <summary>
/// One <c>Resource</c>/<c>NotResource</c> entry as <see cref="PolicySetCompiler"/> classified it
/// (iam-semantics.md §5, §6): a fixed pattern, a suffix split, or a template rendered per request.
/// </summary>
internal abstract record ResourceEntry
{
    /// <summary>No variable: a classified pattern (<c>ResourceMatching.IsMatch</c>).</summary>
    public sealed record Fixed(ResourcePattern Pattern) : ResourceEntry;

    /// <summary>Every variable after the last wildcard: a head glob and a literal tail (see <see cref="SuffixTemplate"/>).</summary>
    public sealed record Suffix(SuffixTemplate Split) : ResourceEntry;

    /// <summary>Anything else with variables: rendered per request, then globbed (<c>ResourceMatching.MatchTemplate</c>).</summary>
    public sealed record Rendered(ValueTemplate Template) : ResourceEntry;
}
