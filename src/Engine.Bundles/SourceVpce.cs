using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles;

/// <summary>
/// Reads the request's <c>aws:SourceVpce</c> context key: the id of the VPC endpoint the request
/// came through, which picks the endpoint policy of a bundle (docs/bundles.md, amendments §15.6.5).
/// </summary>
public static class SourceVpce
{
    /// <summary>The context key, as AWS spells it (keys are compared case-insensitively, §1.4).</summary>
    public const string Key = "aws:SourceVpce";

    /// <summary>
    /// The endpoint id the request carries: the value of <c>aws:SourceVpce</c>, or of an array of
    /// exactly one value; empty when the key is absent or holds no single id. Does not allocate.
    /// </summary>
    /// <param name="request">A filled request.</param>
    public static ReadOnlySpan<char> Of(AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (int i = 0; i < request.ContextCount; i++)
        {
            if (request.ContextKey(i).Equals(Key, StringComparison.OrdinalIgnoreCase))
            {
                return request.ValueCount(i) == 1 ? request.ContextValue(i, 0) : default;
            }
        }

        return default;
    }

    /// <summary>The endpoint id a query carries, as for <see cref="Of(AuthorizationRequest)"/>; null when none.</summary>
    /// <param name="query">The question.</param>
    public static string? Of(AuthorizationQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Of(query.Context);
    }

    /// <summary>The endpoint id a request context carries, as for <see cref="Of(AuthorizationRequest)"/>; null when none.</summary>
    /// <param name="context">The context entries.</param>
    public static string? Of(IReadOnlyList<ContextEntry> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (ContextEntry entry in context)
        {
            if (string.Equals(entry.Key, Key, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Values.Length == 1 ? entry.Values[0] : null;
            }
        }

        return null;
    }
}
