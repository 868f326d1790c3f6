using System.Collections.Immutable;
using Engine.Compiler;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles.Accounts;

/// <summary>A principal allowed to do something, with the statement that allows it.</summary>
/// <param name="Principal">The user or role ARN.</param>
/// <param name="Statement">The deciding Allow statement.</param>
/// <param name="PolicyName">The bundle's name of the policy holding it (a managed policy ARN, <c>NAME (inline)</c>, …).</param>
public sealed record AllowedPrincipal(string Principal, StatementRef Statement, string? PolicyName);

/// <summary>An action a principal may perform, with the statement that allows it.</summary>
/// <param name="Action">The catalog action.</param>
/// <param name="Statement">The deciding Allow statement, or null when no policy controls the action (amendments §15.8: <c>sts:GetCallerIdentity</c>, <c>sts:GetSessionToken</c>).</param>
public sealed record AllowedAction(CatalogAction Action, StatementRef? Statement);

/// <summary>
/// Questions asked of a whole bundle (docs/accounts.md): who can do an action on a resource, and what
/// one principal can do. Both evaluate with the bundle's compiled sets — one per distinct profile,
/// shared by every principal holding it — and one reused request per thread.
/// </summary>
public static class AccountQueries
{
    /// <summary>Every user and role of the bundle allowed to perform <paramref name="action"/> on <paramref name="resource"/>, in bundle order.</summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="action"><c>service:Action</c>.</param>
    /// <param name="resource">The resource ARN, or <c>*</c>.</param>
    /// <param name="resourceAccount">The resource account, or null to derive it (§1.3).</param>
    /// <param name="context">The request context every principal's request carries.</param>
    /// <param name="deriveContext">Whether to add each principal's own keys (<see cref="ContextDerivation"/>).</param>
    public static ImmutableArray<AllowedPrincipal> WhoCan(Bundle bundle, string action, string resource, string? resourceAccount, IReadOnlyList<ContextEntry> context, bool deriveContext)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ImmutableArray<string> principals = bundle.PrincipalArns;
        string? sourceVpce = SourceVpce.Of(context);
        var results = new (CompiledPolicySet? Set, EvaluationResult Result)[principals.Length];
        Parallel.For(
            0,
            principals.Length,
            () => new AuthorizationRequest(),
            (i, _, request) =>
            {
                if (bundle.TryResolve(principals[i], resource, resourceAccount, sourceVpce, out CompiledPolicySet? set))
                {
                    Fill(request, bundle, principals[i], action, resource, resourceAccount, context, deriveContext);
                    results[i] = (set, set.Evaluate(request));
                }

                return request;
            },
            _ => { });

        var allowed = ImmutableArray.CreateBuilder<AllowedPrincipal>();
        for (int i = 0; i < principals.Length; i++)
        {
            if (results[i].Set is { } set && results[i].Result.Decision == Decision.Allow && set.DecidingStatement(results[i].Result) is { } statement)
            {
                allowed.Add(new AllowedPrincipal(principals[i], statement, PolicyNameOf(bundle, principals[i], resource, resourceAccount, statement)));
            }
        }

        return allowed.ToImmutable();
    }

    /// <summary>The catalog actions <paramref name="principal"/> may perform on <paramref name="resource"/>, in catalog order.</summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="principal">A user or role ARN of the bundle, or a session of one of its roles.</param>
    /// <param name="actions">The actions to try (the catalog, or part of it).</param>
    /// <param name="resource">The resource ARN, or <c>*</c>.</param>
    /// <param name="resourceAccount">The resource account, or null to derive it.</param>
    /// <param name="context">The request context.</param>
    /// <param name="deriveContext">Whether to add the principal's own keys.</param>
    /// <returns>The allowed actions; null when the bundle does not know the principal.</returns>
    public static ImmutableArray<AllowedAction>? CanDo(Bundle bundle, string principal, IReadOnlyList<CatalogAction> actions, string resource, string? resourceAccount, IReadOnlyList<ContextEntry> context, bool deriveContext)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(actions);
        if (!bundle.TryResolve(principal, resource, resourceAccount, SourceVpce.Of(context), out CompiledPolicySet? set))
        {
            return null;
        }

        var allowed = ImmutableArray.CreateBuilder<AllowedAction>();
        var request = new AuthorizationRequest();
        foreach (CatalogAction action in actions)
        {
            Fill(request, bundle, principal, action.Action, resource, resourceAccount, context, deriveContext);
            EvaluationResult result = set.Evaluate(request);
            // SPEC: amendments §15.8 — an Allow without a deciding statement is a call no policy controls.
            if (result.Decision == Decision.Allow)
            {
                allowed.Add(new AllowedAction(action, set.DecidingStatement(result)));
            }
        }

        return allowed.ToImmutable();
    }

    /// <summary>The bundle's name of the policy that holds <paramref name="statement"/> in the set of this request.</summary>
    /// <param name="bundle">The bundle.</param>
    /// <param name="principal">The principal of the request.</param>
    /// <param name="resource">The resource of the request.</param>
    /// <param name="resourceAccount">The resource account of the request.</param>
    /// <param name="statement">A statement of the compiled set that answered it.</param>
    public static string? PolicyNameOf(Bundle bundle, string principal, string resource, string? resourceAccount, StatementRef statement)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(statement);
        if (!bundle.TryGetPolicySet(principal, resource, resourceAccount, out PolicySet? set))
        {
            return null;
        }

        PolicyDocument? document = statement.Kind switch
        {
            PolicyKind.Identity => At(set.Identity, statement.PolicyIndex),
            PolicyKind.Resource => set.Resource,
            PolicyKind.PermissionsBoundary => At(set.PermissionsBoundary, statement.PolicyIndex),
            PolicyKind.Scp when set.Scps is { } levels && statement.Level < levels.Length => At(levels[statement.Level], statement.PolicyIndex),
            PolicyKind.Rcp when set.Rcps is { } levels && statement.Level < levels.Length => At(levels[statement.Level], statement.PolicyIndex),
            _ => null,
        };
        return document is null ? null : bundle.NameOf(document);

        static PolicyDocument? At(ImmutableArray<PolicyDocument> documents, int index) =>
            !documents.IsDefault && (uint)index < (uint)documents.Length ? documents[index] : null;
    }

    private static void Fill(AuthorizationRequest request, Bundle bundle, string principal, string action, string resource, string? resourceAccount, IReadOnlyList<ContextEntry> context, bool deriveContext)
    {
        QueryRequests.Fill(request, principal, action, resource, resourceAccount, context);
        if (deriveContext)
        {
            ContextDerivation.Apply(bundle, request);
        }
    }
}
