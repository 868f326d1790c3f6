namespace Engine.Protocol;

/// <summary>
/// The result of <see cref="FrameReader.TryReadFrame"/>. When <see cref="Outcome"/> is
/// <see cref="FrameReadOutcome.Invalid"/>, <see cref="Error"/> is the status to answer with and
/// <see cref="CloseConnection"/> says whether framing was lost: if true, answer and close (nothing
/// was consumed); if false, the bad frame was consumed and the connection can go on.
/// </summary>
/// <param name="Outcome">Frame, need more data, or invalid.</param>
/// <param name="Error">The status to report for an invalid frame; <see cref="ResponseStatus.Ok"/> otherwise.</param>
/// <param name="CloseConnection">True when the stream can no longer be delimited into frames.</param>
public readonly record struct FrameReadResult(FrameReadOutcome Outcome, ResponseStatus Error, bool CloseConnection)
{
    /// <summary>Not a whole frame yet.</summary>
    public static FrameReadResult NeedMoreData => default;

    /// <summary>A whole frame was read.</summary>
    public static FrameReadResult Frame => new(FrameReadOutcome.Frame, ResponseStatus.Ok, CloseConnection: false);

    /// <summary>An invalid frame.</summary>
    /// <param name="error">The status to answer with.</param>
    /// <param name="closeConnection">True when framing was lost.</param>
    public static FrameReadResult Invalid(ResponseStatus error, bool closeConnection) =>
        new(FrameReadOutcome.Invalid, error, closeConnection);
}
