namespace Engine.Protocol;

/// <summary>The kind of a frame (header byte 6). Requests are odd, their responses the next even value.</summary>
public enum FrameType : byte
{
    /// <summary>Client → server: an authorization question.</summary>
    Query = 0x01,

    /// <summary>Server → client: the answer to a <see cref="Query"/>.</summary>
    Decision = 0x02,

    /// <summary>Client → server: liveness probe with an empty body.</summary>
    Ping = 0x03,

    /// <summary>Server → client: the answer to a <see cref="Ping"/>, carrying the current policy revision.</summary>
    Pong = 0x04,

    /// <summary>Client → server: ask for the counters, empty body.</summary>
    StatsRequest = 0x05,

    /// <summary>Server → client: the counters.</summary>
    Stats = 0x06,

    /// <summary>
    /// Client → server: the shared-secret handshake (<c>engine serve --auth-token-file</c>), body
    /// <c>u16+bytes</c> token. When the server has a token it must be the first frame on a
    /// connection; it is answered with a <see cref="Pong"/>, or an Error (Unauthorized, Closing).
    /// </summary>
    Hello = 0x07,

    /// <summary>Server → client: a frame could not be handled (not a query: queries always get a <see cref="Decision"/>).</summary>
    Error = 0x7F,
}
