using System.Collections.Immutable;
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
        ArgumentNullException.ThrowIfNull(query);
        Begin(request, query.Principal, query.Action, query.Resource, query.ResourceAccount);
        if (query.PreparedOnReuse() is { } prepared)
        {
            request.AddContext(prepared);
            return;
        }

        AddEntries(request, query.Context);
    }

    /// <summary>Adds the entries to the request's context, one by one.</summary>
    internal static void AddEntries(AuthorizationRequest request, ImmutableArray<ContextEntry> context)
    {
        // PERF: foreach over the ImmutableArray itself: no boxing, no enumerator allocation.
        foreach (ContextEntry entry in context)
        {
            Add(request, entry);
        }
    }

    /// <summary>Resets the request and copies a question given in parts into it (who-can asks one per principal).</summary>
    /// <param name="request">The reusable request.</param>
    /// <param name="principal">The caller's ARN.</param>
    /// <param name="action"><c>service:Action</c>.</param>
    /// <param name="resource">The resource ARN, or <c>*</c>.</param>
    /// <param name="resourceAccount">The resource account, or null to derive it (iam-semantics.md §1.3).</param>
    /// <param name="context">The request context.</param>
    public static void Fill(AuthorizationRequest request, string principal, string action, string resource, string? resourceAccount, IReadOnlyList<ContextEntry> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Begin(request, principal, action, resource, resourceAccount);
        for (int i = 0; i < context.Count; i++)
        {
            Add(request, context[i]);
        }
    }

    private static void Begin(AuthorizationRequest request, string principal, string action, string resource, string? resourceAccount)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Reset();
        request.SetPrincipal(principal);
        request.SetAction(action);
        request.SetResource(resource);
        request.SetResourceAccount(resourceAccount);
    }

    private static void Add(AuthorizationRequest request, ContextEntry entry)
    {
        if (!entry.IsMultivalued)
        {
            request.AddContext(entry.Key, entry.Atom, entry.Values[0]);
            return;
        }

        request.BeginMultivaluedContext(entry.Key, entry.Atom);
        foreach (string value in entry.Values)
        {
            request.AddContextValue(value);
        }
    }
}
