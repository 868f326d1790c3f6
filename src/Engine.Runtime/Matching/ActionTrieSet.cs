namespace Engine.Runtime.Matching;

/// <summary>
/// The action tries of one policy set: one per run of statement ids, each trie numbering its
/// elements from the run's first statement id. A set compiled alone has one trie over all its
/// statements; a set built from shared documents (a bundle's profiles) has each document's own
/// trie, built once per document and shared by every set that holds it.
/// </summary>
/// <remarks>
/// PERF (issue #15 §2, bundle load): building a trie per set was ~45 % of the CPU of loading the
/// 10,000-principal bundle (998 sets, ~135,000 entries, most of them the same documents' entries
/// again). An action's candidates are looked up once per set and action (<c>ActionPlan</c>), so
/// the walk of a few tries instead of one is paid once per action, not per request; only a set
/// that has spent its plan budget walks them per request. Immutable; safe to share.
/// </remarks>
internal sealed class ActionTrieSet
{
    private readonly ActionTrie[] _tries;
    private readonly int[] _firstIds;

    /// <summary>Wraps one trie whose element ids are the set's statement ids.</summary>
    /// <param name="trie">The trie.</param>
    public ActionTrieSet(ActionTrie trie)
        : this([trie], [0])
    {
    }

    /// <summary>Combines tries covering runs of statement ids.</summary>
    /// <param name="tries">The tries.</param>
    /// <param name="firstIds">For each trie, the statement id of its element 0.</param>
    public ActionTrieSet(ActionTrie[] tries, int[] firstIds)
    {
        ArgumentNullException.ThrowIfNull(tries);
        ArgumentNullException.ThrowIfNull(firstIds);
        if (tries.Length != firstIds.Length)
        {
            throw new ArgumentException("one first id per trie", nameof(firstIds));
        }

        // A trie that matches nothing (a document without entries) is left out of every walk.
        var kept = new List<int>();
        for (int i = 0; i < tries.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(firstIds[i], nameof(firstIds));
            if (tries[i].ElementCount > 0)
            {
                kept.Add(i);
                ElementCount = Math.Max(ElementCount, firstIds[i] + tries[i].ElementCount);
            }
        }

        _tries = [.. kept.Select(i => tries[i])];
        _firstIds = [.. kept.Select(i => firstIds[i])];
    }

    /// <summary>One more than the largest statement id any trie may mark.</summary>
    public int ElementCount { get; }

    /// <summary>The number of tries walked per match.</summary>
    public int TrieCount => _tries.Length;

    /// <summary>
    /// Sets the bit of every statement id whose entry matches the action
    /// (<see cref="ActionTrie.MatchFolded"/> for each trie; no allocation).
    /// </summary>
    /// <param name="action">The request action as given.</param>
    /// <param name="folded">The folded action, the same length.</param>
    /// <param name="matchedElements">The result bits, cleared by the caller, covering <see cref="ElementCount"/>.</param>
    public void MatchFolded(ReadOnlySpan<char> action, ReadOnlySpan<char> folded, Span<ulong> matchedElements)
    {
        ActionTrie[] tries = _tries;
        int[] firstIds = _firstIds;
        for (int i = 0; i < tries.Length; i++)
        {
            tries[i].MatchFolded(action, folded, matchedElements, firstIds[i]);
        }
    }
}
