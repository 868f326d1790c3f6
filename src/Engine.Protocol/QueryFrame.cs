using System.Text.Unicode;
using Engine.Runtime.Evaluation;

namespace Engine.Protocol;

/// <summary>
/// A validated view over one contiguous Query body (docs/wire-protocol.md §4). Every string is a
/// UTF-8 slice of the body, nothing is copied, and the view lives only as long as the body does.
/// Once <see cref="TryParse"/> returns true, every length, count and string in the body has been
/// checked, so the enumerators read without re-validating.
/// </summary>
public readonly ref struct QueryFrame
{
    internal const byte SingleValueEntryKind = 0;
    internal const byte MultivaluedEntryKind = 1;

    private readonly ReadOnlySpan<byte> _context;

    private QueryFrame(
        ulong requestId,
        ReadOnlySpan<byte> principal,
        ReadOnlySpan<byte> action,
        ReadOnlySpan<byte> resource,
        bool hasResourceAccount,
        ReadOnlySpan<byte> resourceAccount,
        ReadOnlySpan<byte> context,
        int contextEntryCount,
        int contextValueCount)
    {
        RequestId = requestId;
        Principal = principal;
        Action = action;
        Resource = resource;
        HasResourceAccount = hasResourceAccount;
        ResourceAccount = resourceAccount;
        _context = context;
        ContextEntryCount = contextEntryCount;
        ContextValueCount = contextValueCount;
    }

    /// <summary>The client's request id, to echo in the Decision frame.</summary>
    public ulong RequestId { get; }

    /// <summary>The caller (<c>request.principal</c>) as UTF-8; may be empty.</summary>
    public ReadOnlySpan<byte> Principal { get; }

    /// <summary>The action (<c>service:Action</c>) as UTF-8; may be empty.</summary>
    public ReadOnlySpan<byte> Action { get; }

    /// <summary>The resource ARN (or <c>*</c>) as UTF-8; may be empty.</summary>
    public ReadOnlySpan<byte> Resource { get; }

    /// <summary>True when the client sent a resource account (flag <see cref="FrameFlags.HasResourceAccount"/>).</summary>
    public bool HasResourceAccount { get; }

    /// <summary>The resource account as UTF-8 when <see cref="HasResourceAccount"/>; empty otherwise.</summary>
    public ReadOnlySpan<byte> ResourceAccount { get; }

    /// <summary>
    /// Copies this query into a reset <paramref name="request"/>, straight from the frame's UTF-8
    /// slices into the request's char buffers: no strings, no allocation once the request is warm.
    /// The one fill from a wire query (the server's connections and the wire fuzz target use it).
    /// </summary>
    /// <param name="request">A request that was reset (or fresh from the pool).</param>
    public void FillRequest(AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.SetPrincipalUtf8(Principal);
        request.SetActionUtf8(Action);
        request.SetResourceUtf8(Resource);
        if (HasResourceAccount)
        {
            request.SetResourceAccountUtf8(ResourceAccount);
        }

        foreach (ContextEntry entry in Context)
        {
            if (entry.IsMultivalued)
            {
                request.BeginMultivaluedContextUtf8(entry.Key);
                foreach (ReadOnlySpan<byte> value in entry.Values)
                {
                    request.AddContextValueUtf8(value);
                }
            }
            else
            {
                foreach (ReadOnlySpan<byte> value in entry.Values)
                {
                    request.AddContextUtf8(entry.Key, value);
                }
            }
        }
    }

    /// <summary>Number of context entries.</summary>
    public int ContextEntryCount { get; }

    /// <summary>Number of context values over all entries (a single value counts 1).</summary>
    public int ContextValueCount { get; }

    /// <summary>The context entries in wire order, enumerated without allocating.</summary>
    public ContextEntryEnumerator Context => new(_context, ContextEntryCount);

    /// <summary>
    /// Validates a Query body and, when it is well formed, returns a view over it. Never throws
    /// on any input.
    /// </summary>
    /// <param name="header">The frame's header (request id and flags); its type must be <see cref="FrameType.Query"/>.</param>
    /// <param name="body">The whole body, as <see cref="FrameReader.TryReadFrame"/> returned it.</param>
    /// <param name="limits">The context entry and value limits.</param>
    /// <param name="frame">The view, when the body is valid.</param>
    /// <param name="error">
    /// <see cref="ResponseStatus.Malformed"/> when the body is invalid (a length past the end,
    /// trailing bytes, a count over a limit, invalid UTF-8, an empty key, an unknown entry kind);
    /// <see cref="ResponseStatus.Ok"/> otherwise.
    /// </param>
    /// <returns>True when the body is a valid query.</returns>
    public static bool TryParse(
        in FrameHeader header,
        ReadOnlySpan<byte> body,
        in ProtocolLimits limits,
        out QueryFrame frame,
        out ResponseStatus error)
    {
        if (header.Type != FrameType.Query || (header.Flags & ~FrameFlags.HasResourceAccount) != 0)
        {
            return Reject(out frame, out error);
        }

        var cursor = new BodyCursor(body);
        if (!TryReadText(ref cursor, out ReadOnlySpan<byte> principal)
            || !TryReadText(ref cursor, out ReadOnlySpan<byte> action)
            || !TryReadText(ref cursor, out ReadOnlySpan<byte> resource))
        {
            return Reject(out frame, out error);
        }

        bool hasResourceAccount = (header.Flags & FrameFlags.HasResourceAccount) != 0;
        ReadOnlySpan<byte> resourceAccount = default;
        if (hasResourceAccount && !TryReadText(ref cursor, out resourceAccount))
        {
            return Reject(out frame, out error);
        }

        if (!cursor.TryReadUInt16(out ushort entryCount) || entryCount > limits.MaxContextEntries)
        {
            return Reject(out frame, out error);
        }

        int contextStart = cursor.Position;
        int valueCount = 0;
        for (int entry = 0; entry < entryCount; entry++)
        {
            if (!cursor.TryReadByte(out byte kind)
                || kind > MultivaluedEntryKind
                || !TryReadText(ref cursor, out ReadOnlySpan<byte> key)
                || key.IsEmpty)
            {
                return Reject(out frame, out error);
            }

            int entryValueCount = 1;
            if (kind == MultivaluedEntryKind)
            {
                if (!cursor.TryReadUInt16(out ushort arrayLength))
                {
                    return Reject(out frame, out error);
                }

                entryValueCount = arrayLength;
            }

            // Checked before walking the values, so an absurd count costs nothing to refuse.
            valueCount += entryValueCount;
            if (valueCount > limits.MaxContextValues)
            {
                return Reject(out frame, out error);
            }

            for (int value = 0; value < entryValueCount; value++)
            {
                if (!TryReadText(ref cursor, out _))
                {
                    return Reject(out frame, out error);
                }
            }
        }

        // Trailing bytes mean the client and server disagree about the layout: refuse rather than guess.
        if (!cursor.IsAtEnd)
        {
            return Reject(out frame, out error);
        }

        frame = new QueryFrame(
            header.RequestId,
            principal,
            action,
            resource,
            hasResourceAccount,
            resourceAccount,
            cursor.SliceSince(contextStart),
            entryCount,
            valueCount);
        error = ResponseStatus.Ok;
        return true;
    }

    private static bool TryReadText(scoped ref BodyCursor cursor, out ReadOnlySpan<byte> text) =>
        cursor.TryReadString(out text) && Utf8.IsValid(text);

    // The one way out for a bad body: no partial view escapes, and the status is always Malformed.
    private static bool Reject(out QueryFrame frame, out ResponseStatus error)
    {
        frame = default;
        error = ResponseStatus.Malformed;
        return false;
    }
}
