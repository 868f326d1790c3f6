namespace Engine.Protocol;

/// <summary>
/// Bounds a peer's frames must respect. Passed by <c>in</c> on every read so the server can
/// change them per listener without a global.
/// </summary>
public readonly record struct ProtocolLimits
{
    /// <summary>The limits of docs/wire-protocol.md §6: 64 KiB frames, 128 entries, 1024 values.</summary>
    public static ProtocolLimits Default { get; } = new(
        ProtocolConstants.DefaultMaxFrameSize,
        ProtocolConstants.DefaultMaxContextEntries,
        ProtocolConstants.DefaultMaxContextValues);

    /// <summary>Creates limits, checking each is within what the protocol can represent.</summary>
    /// <param name="maxFrameSize">Largest frame in bytes, header included; 256 B to 16 MiB.</param>
    /// <param name="maxContextEntries">Largest number of context entries in a query; 0 to 65535.</param>
    /// <param name="maxContextValues">Largest number of values over all entries of a query; 0 to 1,000,000.</param>
    public ProtocolLimits(int maxFrameSize, int maxContextEntries, int maxContextValues)
    {
        if (maxFrameSize is < ProtocolConstants.MinMaxFrameSize or > ProtocolConstants.MaxMaxFrameSize)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(maxFrameSize));
        }

        if ((uint)maxContextEntries > ushort.MaxValue)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(maxContextEntries));
        }

        if ((uint)maxContextValues > 1_000_000)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(maxContextValues));
        }

        MaxFrameSize = maxFrameSize;
        MaxContextEntries = maxContextEntries;
        MaxContextValues = maxContextValues;
    }

    /// <summary>
    /// Largest frame in bytes, length prefix and header included. A per-connection scratch buffer of
    /// this many bytes is always enough for <see cref="FrameReader"/>.
    /// </summary>
    public int MaxFrameSize { get; }

    /// <summary>Largest number of context entries in one query.</summary>
    public int MaxContextEntries { get; }

    /// <summary>Largest number of context values in one query, every entry's values counted (a single value counts 1).</summary>
    public int MaxContextValues { get; }
}
