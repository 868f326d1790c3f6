using System.Linq.Expressions;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

/// <summary>
/// One <c>Resource</c>/<c>NotResource</c> entry as <see cref="PolicySetCompiler"/> classified it
/// (iam-semantics.md §5, §6): a fixed pattern, a suffix split, or a template rendered per request.
/// </summary>
internal abstract record ResourceEntry
{
    /// <summary>
    /// The runtime call that checks the entry: a bool for a <see cref="Fixed"/> entry, else an int
    /// (1 match, 0 no match, <see cref="ResourceMatching.Unresolved"/>).
    /// </summary>
    public abstract MethodCallExpression EmitMatch(ParameterExpression request);

    /// <summary>No variable: a classified pattern.</summary>
    public sealed record Fixed(ResourcePattern Pattern) : ResourceEntry
    {
        // ResourceMatching.IsMatch(<pattern>, request)
        public override MethodCallExpression EmitMatch(ParameterExpression request) =>
            Expression.Call(RuntimeMethods.ResourceIsMatch, Expression.Constant(Pattern), request);
    }

    /// <summary>Every variable after the last wildcard: a head glob and a literal tail (see <see cref="SuffixTemplate"/>).</summary>
    public sealed record Suffix(SuffixTemplate Split) : ResourceEntry
    {
        // ResourceMatching.MatchSuffix(<template>, request)
        public override MethodCallExpression EmitMatch(ParameterExpression request) =>
            Expression.Call(RuntimeMethods.ResourceMatchSuffix, Expression.Constant(Split), request);
    }

    /// <summary>Anything else with variables: rendered per request, then globbed.</summary>
    public sealed record Rendered(ValueTemplate Template) : ResourceEntry
    {
        // ResourceMatching.MatchTemplate(<template>, request)
        public override MethodCallExpression EmitMatch(ParameterExpression request) =>
            Expression.Call(RuntimeMethods.ResourceMatchTemplate, Expression.Constant(Template), request);
    }
}
