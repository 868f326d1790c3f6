using System.Diagnostics.CodeAnalysis;

namespace Engine.Protocol;

/// <summary>
/// Header byte 7. Each bit is allowed only on the frame type named on it; a bit set on any other
/// type makes the frame malformed, so a flag from a later version is never silently ignored.
/// Bits are distinct across types so a dump reads the same whatever the type.
/// </summary>
[Flags]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "the header byte is named flags in the wire protocol and its document")]
public enum FrameFlags : byte
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary><see cref="FrameType.Query"/> only: the body carries a resource account after the resource.</summary>
    HasResourceAccount = 0x01,

    /// <summary><see cref="FrameType.Error"/> only: the server closes the connection after this frame.</summary>
    Closing = 0x02,
}
