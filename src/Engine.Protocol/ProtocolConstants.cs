namespace Engine.Protocol;

/// <summary>Fixed numbers of the wire protocol (docs/wire-protocol.md §2).</summary>
public static class ProtocolConstants
{
    /// <summary>The first header byte after the length prefix; not an ASCII letter, so text protocols fail fast.</summary>
    public const byte Magic = 0xAE;

    /// <summary>The only protocol version this build speaks.</summary>
    public const byte Version = 1;

    /// <summary>Bytes of the little-endian <c>u32</c> length prefix.</summary>
    public const int LengthPrefixSize = 4;

    /// <summary>
    /// Bytes of the whole header, length prefix included: length (4), magic (1), version (1),
    /// type (1), flags (1), request id (8). INVARIANT (header-layout): identical in every version.
    /// </summary>
    public const int HeaderSize = 16;

    /// <summary>The smallest value of the length prefix: the header bytes that follow it, with an empty body.</summary>
    public const int MinLengthPrefixValue = HeaderSize - LengthPrefixSize;

    /// <summary>Default largest frame, header included (64 KiB).</summary>
    public const int DefaultMaxFrameSize = 64 * 1024;

    /// <summary>The smallest configurable frame limit: room for a header and a modest query.</summary>
    public const int MinMaxFrameSize = 256;

    /// <summary>The largest configurable frame limit (16 MiB); a bound on per-connection scratch memory.</summary>
    public const int MaxMaxFrameSize = 16 * 1024 * 1024;

    /// <summary>Default largest number of context entries in one query.</summary>
    public const int DefaultMaxContextEntries = 128;

    /// <summary>Default largest number of context values in one query, all entries together.</summary>
    public const int DefaultMaxContextValues = 1024;

    /// <summary>Largest byte length of any string on the wire (the <c>u16</c> length prefix).</summary>
    public const int MaxStringLength = ushort.MaxValue;

    /// <summary>Wire value of the policy-kind byte when a decision has no deciding statement.</summary>
    public const byte NoStatementKind = 0xFF;

    /// <summary>Bytes of a decision body before the Sid text.</summary>
    public const int DecisionFixedBodySize = 22;

    /// <summary>Bytes of a pong body (the current policy revision).</summary>
    public const int PongBodySize = 8;

    /// <summary>Bytes of an error body before the message text.</summary>
    public const int ErrorFixedBodySize = 3;

    /// <summary>The longest shared-secret token a Hello frame may carry, in bytes.</summary>
    public const int MaxTokenLength = 1024;
}
