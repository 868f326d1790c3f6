namespace Engine.Runtime.Matching;

/// <summary>
/// All <c>Action</c>/<c>NotAction</c> entries of a policy set in one case-insensitive trie, so
/// that one pass over the request action finds every matching entry (iam-semantics.md §4.1).
/// </summary>
/// <remarks>
/// Nodes are keyed by folded characters of <c>prefix:name</c>. A node carries the ids of literal
/// entries ending there and of <c>literal*</c> entries whose literal ends there; the node just
/// after a service's colon carries that service's other wildcard entries, checked with
/// <see cref="Glob.IsMatch"/>. The cost of <see cref="Match"/> is O(action length + matches +
/// wildcard entries of the request's service), never O(all entries). Built by
/// <see cref="ActionTrieBuilder"/>; immutable and safe to share between threads.
/// </remarks>
public sealed class ActionTrie
{
    // Nodes with more children than this are searched by bisection; most nodes have one or two.
    private const int LinearSearchLimit = 8;

    private readonly Node[] _nodes;
    private readonly char[] _edgeChars;
    private readonly int[] _edgeTargets;
    private readonly int[] _anyIds;

    internal ActionTrie(Node[] nodes, char[] edgeChars, int[] edgeTargets, int[] anyIds, int elementCount)
    {
        _nodes = nodes;
        _edgeChars = edgeChars;
        _edgeTargets = edgeTargets;
        _anyIds = anyIds;
        ElementCount = elementCount;
    }

    /// <summary>One more than the largest element id added; the number of bits <see cref="Match"/> may set.</summary>
    public int ElementCount { get; }

    /// <summary>The number of <see cref="ulong"/> words a result span needs.</summary>
    public int WordCount => (ElementCount + 63) >> 6;

    /// <summary>
    /// Sets bit <c>elementId</c> of <paramref name="matchedElements"/> for every entry that matches
    /// <paramref name="action"/> (request time; no allocation; never throws on any action text).
    /// </summary>
    /// <param name="action">The request action, normally <c>prefix:name</c>.</param>
    /// <param name="matchedElements">
    /// The result bits, cleared by the caller, at least <see cref="WordCount"/> words long.
    /// </param>
    public void Match(ReadOnlySpan<char> action, Span<ulong> matchedElements)
    {
        if (matchedElements.Length < WordCount)
        {
            ThrowHelper.ThrowArgumentTooShort(nameof(matchedElements), WordCount);
        }

        SetAll(_anyIds, matchedElements);
        int node = 0;
        bool sawColon = false;
        for (int i = 0; i < action.Length; i++)
        {
            char c = CaseFolding.Fold(action[i]);
            node = FindChild(node, c);
            if (node < 0)
            {
                return;
            }

            ref readonly Node current = ref _nodes[node];
            if (c == ':' && !sawColon)
            {
                // SPEC: iam-semantics.md §4.1. The first colon ends the service prefix; the
                // service's wildcard entries glob the whole rest of the action.
                sawColon = true;
                if (current.General is { } general)
                {
                    ReadOnlySpan<char> name = action[(i + 1)..];
                    foreach (GeneralPattern entry in general)
                    {
                        if (Glob.IsMatch(entry.EscapedName, name, ignoreCase: true))
                        {
                            Set(entry.ElementId, matchedElements);
                        }
                    }
                }
            }

            if (current.Star is { } star)
            {
                SetAll(star, matchedElements);
            }
        }

        if (_nodes[node].Exact is { } exact)
        {
            SetAll(exact, matchedElements);
        }
    }

    private static void SetAll(int[] ids, Span<ulong> bits)
    {
        foreach (int id in ids)
        {
            Set(id, bits);
        }
    }

    private static void Set(int id, Span<ulong> bits) => bits[id >> 6] |= 1UL << (id & 63);

    private int FindChild(int node, char c)
    {
        ref readonly Node n = ref _nodes[node];
        ReadOnlySpan<char> keys = _edgeChars.AsSpan(n.EdgeStart, n.EdgeCount);
        int at;
        if (keys.Length <= LinearSearchLimit)
        {
            at = keys.IndexOf(c);
        }
        else
        {
            at = keys.BinarySearch(c);
        }

        return at < 0 ? -1 : _edgeTargets[n.EdgeStart + at];
    }

    /// <summary>One frozen trie node: its edges and the ids that end or start here.</summary>
    internal readonly record struct Node(int EdgeStart, int EdgeCount, int[]? Exact, int[]? Star, GeneralPattern[]? General);

    /// <summary>An entry whose name holds wildcards other than one trailing run of stars.</summary>
    internal readonly record struct GeneralPattern(string EscapedName, int ElementId);
}
