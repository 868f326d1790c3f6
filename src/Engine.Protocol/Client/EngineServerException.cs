namespace Engine.Protocol.Client;

/// <summary>The server answered a request with an Error frame instead of its response.</summary>
public sealed class EngineServerException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The status the server sent.</param>
    /// <param name="serverMessage">The server's reason.</param>
    public EngineServerException(ResponseStatus status, string serverMessage)
        : base($"the engine server refused the request: {status} ({serverMessage})")
    {
        Status = status;
    }

    /// <summary>Creates the exception with a message.</summary>
    public EngineServerException()
        : this(ResponseStatus.InternalError, string.Empty)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public EngineServerException(string message)
        : base(message)
    {
        Status = ResponseStatus.InternalError;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public EngineServerException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = ResponseStatus.InternalError;
    }

    /// <summary>Why the server refused the request.</summary>
    public ResponseStatus Status { get; }
}
