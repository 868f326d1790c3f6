// docs/client.md quotes this file from the line after `// <example>` to the line before
// `// </example>`; ClientExampleTests runs it against a real server and checks the quote.
// <example>
using Engine.Protocol;
using Engine.Protocol.Client;

namespace Engine.Examples;

/// <summary>A gateway's authorizer: one client for the process, shared by every request handler.</summary>
public sealed class GatewayAuthorizer(string address) : IAsyncDisposable
{
    // Connects on the first query, reconnects after a drop.
    private readonly EngineClient _client = EngineClient.Create(ListenAddress.Parse(address));

    public async ValueTask<bool> IsAllowedAsync(
        string principal, string action, string resource, QueryContextEntry[] context, CancellationToken cancellationToken)
    {
        try
        {
            DecisionResult answer = await _client
                .QueryAsync(principal, action, resource, context: context, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return answer.IsAllowed;
        }
        catch (Exception e) when (e is EngineConnectionException or EngineServerException or OperationCanceledException)
        {
            return false; // Fail closed: no answer is a deny.
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}

public static class ClientExample
{
    /// <summary>A console program's <c>Main</c> calls <c>RunAsync(args[0], Console.Out)</c>.</summary>
    public static async Task<int> RunAsync(string address, TextWriter output)
    {
        await using var authorizer = new GatewayAuthorizer(address);
        QueryContextEntry[] withMfa =
        [
            QueryContextEntry.SingleValue("aws:username", "alice"),
            QueryContextEntry.SingleValue("aws:MultiFactorAuthPresent", "true"),
        ];
        QueryContextEntry[] withoutMfa =
        [
            QueryContextEntry.SingleValue("aws:username", "alice"),
            QueryContextEntry.SingleValue("aws:MultiFactorAuthPresent", "false"),
        ];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // 100 handlers asking at once: pipelined on the one connection, sent in batches.
        bool[] allowed = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => authorizer.IsAllowedAsync(
            "arn:aws:iam::111122223333:user/alice",
            i % 2 == 0 ? "iam:GetUser" : "s3:GetObject",
            i % 2 == 0 ? "arn:aws:iam::111122223333:user/alice" : "arn:aws:s3:::reports/q3.csv",
            i % 2 == 0 ? withMfa : withoutMfa,
            timeout.Token).AsTask()));

        int granted = allowed.Count(a => a);
        output.WriteLine($"{granted} of {allowed.Length} allowed");
        return granted == 50 ? 0 : 1;
    }
}
// </example>
