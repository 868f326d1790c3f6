namespace Engine.Protocol;

/// <summary>A decoded response frame on the client side (<see cref="ResponseReader"/>).</summary>
/// <param name="RequestId">The id of the request this answers (0 for an error whose request could not be read).</param>
public abstract record ServerResponse(ulong RequestId);
