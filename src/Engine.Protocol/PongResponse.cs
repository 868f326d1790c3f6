namespace Engine.Protocol;

/// <summary>A decoded Pong frame.</summary>
/// <param name="RequestId">The ping's id.</param>
/// <param name="Revision">The revision of the policy set the server is using.</param>
public sealed record PongResponse(ulong RequestId, ulong Revision) : ServerResponse(RequestId);
