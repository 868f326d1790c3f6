namespace Engine.Gateway.Http;

/// <summary>The state the HTTP and gRPC endpoints share: draining and dry-run.</summary>
public sealed class GatewayState
{
    private volatile bool _draining;

    /// <summary>Whether every transport but the binary one answers Allow and only logs its decision (for rollouts).</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Whether forward-auth and ext_authz answers carry <see cref="GatewayHeaders.Reason"/> (<c>--explain-headers</c>):
    /// opt-in, since a deny is then explained by the reference interpreter, which costs far more than the decision.
    /// </summary>
    public bool ExplainHeaders { get; init; }

    /// <summary>Whether the server is stopping: <c>/readyz</c> answers 503.</summary>
    public bool IsDraining => _draining;

    /// <summary>Marks the server as stopping.</summary>
    public void BeginDrain() => _draining = true;
}
