using System.Buffers;

namespace Engine.Runtime.Matching;

/// <summary>
/// All <c>Action</c>/<c>NotAction</c> entries of a policy set in one case-insensitive trie, so
/// that one pass over the request action finds every matching entry (iam-semantics.md §4.1).
/// </summary>
/// <remarks>
/// Nodes are keyed by folded characters of <c>prefix:name</c>. A node carries the ids of literal
/// entries ending there and of <c>literal*</c> entries whose literal ends there; the node just
/// after a service's colon carries that service's other wildcard entries, each distinct one
/// classified once (<see cref="GeneralPattern"/>). The cost of <see cref="Match"/> is O(action length + matches +
/// wildcard entries of the request's service), never O(all entries). Built by
/// <see cref="ActionTrieBuilder"/>; immutable and safe to share between threads.
/// </remarks>
internal sealed class ActionTrie
{
    // Nodes with more children than this are searched by bisection; most nodes have one or two.
    private const int LinearSearchLimit = 8;

    private readonly Node[] _nodes;
    private readonly char[] _edgeChars;
    private readonly int[] _edgeTargets;
    private readonly int[] _labelStarts;
    private readonly int[] _labelLengths;
    private readonly char[] _labels;
    private readonly int[] _anyIds;

    internal ActionTrie(Node[] nodes, char[] edgeChars, int[] edgeTargets, int[] labelStarts, int[] labelLengths, char[] labels, int[] anyIds, int elementCount)
    {
        _nodes = nodes;
        _edgeChars = edgeChars;
        _edgeTargets = edgeTargets;
        _labelStarts = labelStarts;
        _labelLengths = labelLengths;
        _labels = labels;
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
        // Any text is accepted here, so fold without the shape check; Evaluate folds once per
        // request instead (see ActionText) and calls MatchFolded directly.
        char[]? rented = action.Length <= 256 ? null : ArrayPool<char>.Shared.Rent(action.Length);
        Span<char> folded = rented is null ? stackalloc char[256] : rented;
        folded = folded[..action.Length];
        for (int i = 0; i < action.Length; i++)
        {
            folded[i] = CaseFolding.Fold(action[i]);
        }

        MatchFolded(action, folded, matchedElements);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// <see cref="Match"/> for an action already folded character by character with
    /// <see cref="CaseFolding.Fold"/> (request time; no allocation).
    /// </summary>
    /// <param name="action">The request action as given (wildcard entries glob it).</param>
    /// <param name="folded">The folded action, the same length as <paramref name="action"/>.</param>
    /// <param name="matchedElements">
    /// The result bits, cleared by the caller, long enough for <see cref="ElementCount"/> bits
    /// after <paramref name="firstId"/>.
    /// </param>
    /// <param name="firstId">
    /// Added to every element id: the bit of element <c>i</c> is <c>firstId + i</c> (a document's
    /// trie shared by many sets numbers its statements from 0; <see cref="ActionTrieSet"/>).
    /// </param>
    internal void MatchFolded(ReadOnlySpan<char> action, ReadOnlySpan<char> folded, Span<ulong> matchedElements, int firstId = 0)
    {
        int words = (firstId + ElementCount + 63) >> 6;
        if (firstId < 0 || matchedElements.Length < words)
        {
            ThrowHelper.ThrowArgumentTooShort(nameof(matchedElements), words);
        }

        if (folded.Length != action.Length)
        {
            ThrowHelper.ThrowArgumentTooShort(nameof(folded), action.Length);
        }

        SetAll(_anyIds, matchedElements, firstId);
        int node = 0;
        for (int i = 0; i < folded.Length; i++)
        {
            int edge = FindEdge(node, folded[i]);
            if (edge < 0)
            {
                return;
            }

            // A compressed edge: the skipped characters must follow in the action.
            // PERF: both sides are folded, so this is one SequenceEqual, not a fold per character.
            int labelLength = _labelLengths[edge];
            if (labelLength > 0)
            {
                if (labelLength > folded.Length - i - 1
                    || !folded.Slice(i + 1, labelLength).SequenceEqual(_labels.AsSpan(_labelStarts[edge], labelLength)))
                {
                    return;
                }

                i += labelLength;
            }

            node = _edgeTargets[edge];
            ref readonly Node current = ref _nodes[node];

            // SPEC: iam-semantics.md §4.1. Only the node that ends "prefix:" carries the service's
            // wildcard entries, which glob the whole rest of the action.
            if (current.General is { } general)
            {
                ReadOnlySpan<char> name = folded[(i + 1)..];
                foreach (GeneralPattern entry in general)
                {
                    if (entry.FoldedGlob.IsMatch(name))
                    {
                        SetAll(entry.ElementIds, matchedElements, firstId);
                    }
                }
            }

            if (current.Star is { } star)
            {
                SetAll(star, matchedElements, firstId);
            }
        }

        if (_nodes[node].Exact is { } exact)
        {
            SetAll(exact, matchedElements, firstId);
        }
    }

    private static void SetAll(int[] ids, Span<ulong> bits, int firstId)
    {
        foreach (int id in ids)
        {
            int bit = firstId + id;
            bits[bit >> 6] |= 1UL << (bit & 63);
        }
    }

    // Returns the edge index (into the edge arrays) leaving `node` with character `c`, or -1.
    private int FindEdge(int node, char c)
    {
        ref readonly Node n = ref _nodes[node];
        int start = n.EdgeStart, count = n.EdgeCount;
        if (count <= LinearSearchLimit)
        {
            // PERF: most nodes have one or two edges; a plain loop beats a vectorised IndexOf call
            // on such short runs.
            char[] edgeChars = _edgeChars;
            for (int k = start; k < start + count; k++)
            {
                if (edgeChars[k] == c)
                {
                    return k;
                }
            }

            return -1;
        }

        int at = _edgeChars.AsSpan(start, count).BinarySearch(c);
        return at < 0 ? -1 : start + at;
    }

    /// <summary>One frozen trie node: its edges and the ids that end or start here.</summary>
    internal readonly record struct Node(int EdgeStart, int EdgeCount, int[]? Exact, int[]? Star, GeneralPattern[]? General);

    /// <summary>
    /// A distinct entry name holding wildcards other than one trailing run of stars, with the ids of
    /// every element that carries it (a name shared by many statements is matched once).
    /// </summary>
    /// <remarks>
    /// PERF (overlap-10x50: 37 such entries, e.g. <c>sqs:*Message</c> in 11 statements): the name is
    /// folded (<see cref="CaseFolding.Fold"/>) and classified once, so a request compares its
    /// folded action with a Prefix/Suffix/Contains mode instead of globbing character by
    /// character with a fold per comparison.
    /// INVARIANT (folded glob): <see cref="Glob.IsMatch"/> with ignoreCase compares characters with
    /// <see cref="CaseFolding.EqualsIgnoreCase"/>, which is Fold(a) == Fold(b); Fold leaves
    /// <c>*</c>, <c>?</c> and <c>\</c> alone and never yields them, so globbing the folded name
    /// case-sensitively against the folded pattern gives the same answer.
    /// </remarks>
    internal sealed record GeneralPattern(ResourcePattern FoldedGlob, int[] ElementIds);
}
