namespace Engine.Protocol;

/// <summary>
/// The outcome carried by <see cref="FrameType.Decision"/> and <see cref="FrameType.Error"/> frames.
/// INVARIANT (fail-closed): any status other than <see cref="Ok"/> travels with the decision
/// <c>ImplicitDeny</c>.
/// </summary>
public enum ResponseStatus : byte
{
    /// <summary>The query was evaluated; the decision byte is the answer.</summary>
    Ok = 0,

    /// <summary>The principal is not one the loaded policy set knows.</summary>
    UnknownPrincipal = 1,

    /// <summary>The frame broke the protocol (bad lengths, counts over limits, invalid UTF-8, reserved bits).</summary>
    Malformed = 2,

    /// <summary>The frame's length is over the server's limit; the server closes the connection.</summary>
    TooLarge = 3,

    /// <summary>
    /// The server is at a limit: sent (request id 0, Closing) to a connection over the connection
    /// limit before it is closed. The client may retry later.
    /// </summary>
    Overloaded = 4,

    /// <summary>The header's version byte is not one the server speaks.</summary>
    UnsupportedVersion = 5,

    /// <summary>The header's frame type is unknown or not a request.</summary>
    UnsupportedFrameType = 6,

    /// <summary>The server failed while answering; a bug, never the client's fault.</summary>
    InternalError = 7,

    /// <summary>No policy set has been loaded yet.</summary>
    NotReady = 8,

    /// <summary>
    /// The connection has not proved who it is: its first frame was not a Hello with the server's
    /// token (docs/wire-protocol.md §10). Sent only in a Closing Error frame, never in a Decision.
    /// </summary>
    Unauthorized = 9,
}
