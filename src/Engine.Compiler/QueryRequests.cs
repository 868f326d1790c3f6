using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler;

/// <summary>Fills a runtime <see cref="AuthorizationRequest"/> from a model <see cref="AuthorizationQuery"/>.</summary>
public static class QueryRequests
{
    /// <summary>Resets the request and copies the query into it.</summary>
    /// <param name="request">The reusable request.</param>
    /// <param name="query">The question.</param>
    public static void Fill(AuthorizationRequest request, AuthorizationQuery query)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(query);
        request.Reset();
        request.SetPrincipal(query.Principal);
        request.SetAction(query.Action);
        request.SetResource(query.Resource);
        request.SetResourceAccount(query.ResourceAccount);
        foreach (ContextEntry entry in query.Context)
        {
            if (!entry.IsMultivalued)
            {
                request.AddContext(entry.Key, entry.Values[0]);
                continue;
            }

            request.BeginMultivaluedContext(entry.Key);
            foreach (string value in entry.Values)
            {
                request.AddContextValue(value);
            }
        }
    }
}
