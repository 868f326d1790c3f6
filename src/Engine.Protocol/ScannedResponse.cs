using Engine.Runtime.Evaluation;

namespace Engine.Protocol;

/// <summary>What the generator needs of one response: its id, and for a Decision its status and answer.</summary>
/// <param name="Type">The frame type.</param>
/// <param name="RequestId">The echoed request id.</param>
/// <param name="Status">The Decision's or Error's status; Ok for other frames.</param>
/// <param name="Decision">The Decision's answer; ImplicitDeny for other frames.</param>
/// <param name="Closing">An Error that closes the connection.</param>
public readonly record struct ScannedResponse(FrameType Type, ulong RequestId, ResponseStatus Status, Decision Decision, bool Closing);
