using Engine.Compiler;
using Engine.Compiler.Model;
using Engine.Protocol;
using Engine.Protocol.Client;

namespace Engine.Host.Cli;

/// <summary>Sends questions to a running <c>engine serve</c> (<c>--connect</c>) and reads its answers.</summary>
internal sealed class RemoteDecider(EngineClient client)
{
    public EngineAnswer Decide(AuthorizationQuery query)
    {
        QueryContextEntry[] context = [.. query.Context.Select(e => QueryContextEntry.Create(e.Key, e.Values, e.IsMultivalued))];
        DecisionResult response;
        try
        {
            response = client.QueryAsync(query.Principal, query.Action, query.Resource, query.ResourceAccount, context)
                .AsTask().GetAwaiter().GetResult();
        }
        catch (EngineServerException e)
        {
            // An Error frame (e.g. the query was too large): a failed case, never an answer.
            return new EngineAnswer(Runtime.Evaluation.Decision.ImplicitDeny, null, $"server error: {e.Message}");
        }

        string? error = response.Status == ResponseStatus.Ok ? null : $"server status {response.Status}";
        string? deciding = response.Statement is null ? null : $"{response.Statement} (Sid \"{response.Sid}\")";
        return new EngineAnswer(response.Decision, null, error) { RemoteStatement = deciding };
    }
}
