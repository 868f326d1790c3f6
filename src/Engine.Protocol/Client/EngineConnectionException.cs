namespace Engine.Protocol.Client;

/// <summary>
/// The connection to the engine server could not be made or ended before the answer came. The
/// query may or may not have been decided; the next query reconnects.
/// </summary>
public sealed class EngineConnectionException : IOException
{
    /// <summary>Creates the exception.</summary>
    public EngineConnectionException()
        : base("the connection to the engine server failed")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public EngineConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause: a socket error, a malformed response, or the server's closing Error frame.</param>
    public EngineConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
