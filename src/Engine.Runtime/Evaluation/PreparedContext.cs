namespace Engine.Runtime.Evaluation;

/// <summary>
/// A request context prepared once and added to any number of requests in one step
/// (<see cref="AuthorizationRequest.AddContext(PreparedContext)"/>): the keys a caller sends with
/// every question (its tags, account, user name), captured from a request filled with them. The
/// keys are atomized where a set or an embedder atomized them, the duplicate-key check (§1.4) is
/// done, and the rows are laid out as a request keeps them, so a request given it first reads them
/// where they are, copying nothing. Immutable:
/// share one across threads and requests.
/// <code>
/// var scratch = new AuthorizationRequest();
/// scratch.AddContext(UserName, "alice");
/// scratch.AddContext(Team, "red");
/// PreparedContext alice = PreparedContext.Capture(scratch);
/// // per question:
/// request.Reset();
/// request.SetPrincipal(principal); request.SetAction(action); request.SetResource(resource);
/// request.AddContext(alice);          // shared, not copied, while nothing is added after it
/// request.AddContext(SourceIp, ip);   // a key after it: the request copies its rows first
/// </code>
/// </summary>
/// <remarks>
/// PERF (issue #15, overlap-10x50 with fill): filling nine keys one by one was 27 % of a decision's
/// samples, and the stores of their strings another 5 % in write barriers; a prepared context given
/// first is shared, not copied.
/// </remarks>
public sealed class PreparedContext
{
    internal PreparedContext(AuthorizationRequest.ContextKeyRow[] rows, AuthorizationRequest.TextRange[] values, ulong keyBits, bool hasDuplicateKey)
    {
        Rows = rows;
        Values = values;
        KeyBits = keyBits;
        HasDuplicateKey = hasDuplicateKey;
    }

    /// <summary>The number of context keys.</summary>
    public int Count => Rows.Length;

    /// <summary>Whether two keys differ only by case: a request given this context is malformed (§1.4).</summary>
    public bool HasDuplicateKey { get; }

    /// <summary>The key rows, as <see cref="AuthorizationRequest"/> keeps them; every text is a string of its own.</summary>
    internal AuthorizationRequest.ContextKeyRow[] Rows { get; }

    /// <summary>The values of the multivalued keys (rows refer to them from 0).</summary>
    internal AuthorizationRequest.TextRange[] Values { get; }

    /// <summary>The request's key fingerprint filter after these keys (<see cref="AuthorizationRequest"/>'s duplicate check).</summary>
    internal ulong KeyBits { get; }

    // PERF (overlap-10x50 with fill, 7 % of a decision in resolving nine keys to slots): the slots
    // of the first few sets (by ConditionKeyTable.Id, so no set is kept alive) that evaluated a
    // request whose whole context is this one. A fixed number, filled once each: a context asked
    // of more sets resolves the others as any request does, and allocates nothing for them.
    private const int ResolutionsKept = 4;
    private readonly SlotResolution?[] _resolutions = new SlotResolution?[ResolutionsKept];

    private sealed record SlotResolution(long TableId, int[] Slots);

    /// <summary>The entry index of each slot of the set whose key table is <paramref name="tableId"/>, if remembered.</summary>
    internal int[]? ResolvedSlots(long tableId)
    {
        foreach (SlotResolution? resolution in _resolutions)
        {
            if (resolution is null)
            {
                return null;
            }

            if (resolution.TableId == tableId)
            {
                return resolution.Slots;
            }
        }

        return null;
    }

    /// <summary>Remembers the slots resolved for the set whose key table is <paramref name="tableId"/>, while there is room.</summary>
    /// <remarks>
    /// INVARIANT (slot views): the copy kept is never written again; requests read it in place
    /// (AuthorizationRequest.UseResolvedSlots), on any thread.
    /// </remarks>
    internal void RememberSlots(long tableId, ReadOnlySpan<int> slots)
    {
        SlotResolution? resolution = null;
        for (int i = 0; i < _resolutions.Length; i++)
        {
            SlotResolution? kept = Volatile.Read(ref _resolutions[i]);
            if (kept is null)
            {
                resolution ??= new SlotResolution(tableId, slots.ToArray());
                kept = Interlocked.CompareExchange(ref _resolutions[i], resolution, null);
                if (kept is null)
                {
                    return;
                }
            }

            // Another thread filled this place first, maybe for the same set.
            if (kept.TableId == tableId)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Captures the context of <paramref name="request"/> (its keys and values, not its principal,
    /// action or resource). Texts the request copied are copied again into strings of their own, so
    /// the request can be reset and reused at once. A key given as text is atomized if a set or an
    /// embedder has atomized it (never added to the process's table of keys).
    /// </summary>
    /// <param name="request">A request filled with the context to keep.</param>
    /// <returns>The prepared context.</returns>
    public static PreparedContext Capture(AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.CaptureContext();
    }
}
