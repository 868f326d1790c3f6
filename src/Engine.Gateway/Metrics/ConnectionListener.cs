namespace Engine.Gateway.Metrics;

/// <summary>The <c>listener</c> label of <c>engine_connections</c>: a kind of listener, since forward-auth and the JSON API share HTTP/1.1 connections.</summary>
public enum ConnectionListener
{
    /// <summary><c>--listen</c>.</summary>
    Binary,

    /// <summary><c>--http</c> (HTTP/1.1).</summary>
    Http,

    /// <summary><c>--grpc</c> (HTTP/2 cleartext).</summary>
    Grpc,
}
