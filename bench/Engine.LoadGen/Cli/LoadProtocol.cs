namespace Engine.LoadGen.Cli;

/// <summary>The transport a run drives (<c>--protocol</c>): each asks the same questions of the same server.</summary>
internal enum LoadProtocol
{
    /// <summary>The engine's own binary protocol (<c>engine serve --listen</c>, docs/wire-protocol.md).</summary>
    Binary,

    /// <summary>Envoy's ext_authz v3 <c>Authorization/Check</c> over gRPC, HTTP/2 cleartext (<c>engine serve --grpc</c>).</summary>
    ExtAuthz,

    /// <summary>HTTP/1.1 forward-auth, <c>/v1/forward-auth</c> (<c>engine serve --http</c>), or a gateway in front of it.</summary>
    Http,
}
