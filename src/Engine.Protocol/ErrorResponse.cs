namespace Engine.Protocol;

/// <summary>A decoded Error frame.</summary>
/// <param name="RequestId">The failed request's id, or 0 when the server could not read it.</param>
/// <param name="Status">Why the request failed; never Ok.</param>
/// <param name="Closing">True when the server closes the connection after this frame.</param>
/// <param name="Message">A short reason for logs.</param>
public sealed record ErrorResponse(ulong RequestId, ResponseStatus Status, bool Closing, string Message) : ServerResponse(RequestId);
