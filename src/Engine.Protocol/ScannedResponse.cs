using Engine.Runtime.Evaluation;

namespace Engine.Protocol;

/// <summary>
/// One response as <see cref="ResponseScanner"/> reads it, without allocating: its id and, for a
/// Decision, its status, answer, deciding statement and revision (the Sid stays as UTF-8 bytes in the buffer).
/// </summary>
/// <param name="Type">The frame type.</param>
/// <param name="RequestId">The echoed request id.</param>
/// <param name="Status">The Decision's or Error's status; Ok for other frames.</param>
/// <param name="Decision">The Decision's answer; ImplicitDeny for other frames.</param>
/// <param name="Closing">An Error that closes the connection.</param>
/// <param name="Statement">The Decision's deciding statement, or null.</param>
/// <param name="Revision">The policy revision of a Decision or Pong; 0 for other frames.</param>
public readonly record struct ScannedResponse(
    FrameType Type,
    ulong RequestId,
    ResponseStatus Status,
    Decision Decision,
    bool Closing,
    DecidingStatement? Statement = null,
    ulong Revision = 0);
