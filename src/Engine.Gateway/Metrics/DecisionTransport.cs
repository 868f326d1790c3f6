namespace Engine.Gateway.Metrics;

/// <summary>How a question reached the engine: the <c>transport</c> label of the decision metrics.</summary>
public enum DecisionTransport
{
    /// <summary>The binary protocol (<c>--listen</c>).</summary>
    Binary,

    /// <summary>Envoy's ext_authz v3 <c>Check</c> over gRPC (<c>--grpc</c>).</summary>
    ExtAuthz,

    /// <summary><c>/v1/forward-auth</c> (<c>--http</c>).</summary>
    ForwardAuth,

    /// <summary>The JSON API, <c>POST /v1/authorize</c> and <c>/v1/authorize/batch</c> (<c>--http</c>).</summary>
    Json,
}
