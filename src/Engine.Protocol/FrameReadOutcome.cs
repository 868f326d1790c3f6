namespace Engine.Protocol;

/// <summary>What <see cref="FrameReader.TryReadFrame"/> found at the reader's position.</summary>
public enum FrameReadOutcome : byte
{
    /// <summary>Not a whole frame yet; nothing was consumed. Read more and call again.</summary>
    NeedMoreData = 0,

    /// <summary>A whole, well-delimited frame with a known version, type and flags; it was consumed.</summary>
    Frame = 1,

    /// <summary>The frame cannot be handled; answer with an error (see <see cref="FrameReadResult"/>).</summary>
    Invalid = 2,
}
