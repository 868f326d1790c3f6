using System.Text;

namespace Engine.Runtime.Matching;

/// <summary>
/// Collects (escaped action pattern, element id) pairs and builds an immutable
/// <see cref="ActionTrie"/> (compile time; allocates freely).
/// </summary>
internal sealed class ActionTrieBuilder
{
    // PERF: one edge table for the whole trie (node, folded char) → child, instead of a dictionary
    // per node: compiling all 1,569 managed policies spent most of its trie time allocating those.
    private readonly List<BuilderNode> _nodes = [new BuilderNode()];
    // PERF: keyed by EdgeKey(node, char), one long: hashes and sorts faster than a tuple (a bundle
    // builds ~1,000 tries at load, ~135,000 entries in all), and its order is node, then char.
    private readonly Dictionary<long, int> _edges = [];
    private readonly List<int> _anyIds = [];
    private int _elementCount;

    /// <summary>Adds one <c>Action</c>/<c>NotAction</c> entry.</summary>
    /// <param name="escapedPattern">The entry: <c>*</c>/<c>?</c> are wildcards, <c>\</c> escapes.</param>
    /// <param name="elementId">The bit to set when the entry matches; 0 or more.</param>
    /// <returns>This builder.</returns>
    public ActionTrieBuilder Add(string escapedPattern, int elementId) => Add(Prepare(escapedPattern), elementId);

    // Adds one entry read by Prepare. (A bundle's sets no longer add their shared documents'
    // entries here: each document has its own trie, ActionTrieSet.)
    private ActionTrieBuilder Add(PreparedAction entry, int elementId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementId);
        _elementCount = Math.Max(_elementCount, elementId + 1);
        switch (entry.Kind)
        {
            case PreparedActionKind.Any:
                _anyIds.Add(elementId);
                break;
            case PreparedActionKind.General:
                Dictionary<string, List<int>> general = _nodes[Walk(entry.Key)].General ??= new(StringComparer.Ordinal);
                if (!general.TryGetValue(entry.EscapedName!, out List<int>? ids))
                {
                    ids = [];
                    general.Add(entry.EscapedName!, ids);
                }

                ids.Add(elementId);
                break;
            case PreparedActionKind.Exact:
                (_nodes[Walk(entry.Key)].Exact ??= []).Add(elementId);
                break;
            case PreparedActionKind.Star:
                (_nodes[Walk(entry.Key)].Star ??= []).Add(elementId);
                break;
        }

        return this;
    }

    // Reads one escaped Action/NotAction entry (`*`/`?` wildcards, `\` escapes) into the node key it goes under.
    private static PreparedAction Prepare(string escapedPattern)
    {
        ArgumentNullException.ThrowIfNull(escapedPattern);

        // SPEC: iam-semantics.md §4.1. Exactly "*" matches every action.
        if (escapedPattern == "*")
        {
            return new PreparedAction(PreparedActionKind.Any, "", null);
        }

        // Split at the first colon. The service prefix is literal: a '*' or '?' there is an
        // ordinary character, so the entry can only match a request spelling it the same way.
        var key = new StringBuilder();
        int p = 0;
        bool sawColon = false;
        while (p < escapedPattern.Length)
        {
            char c = escapedPattern[p];
            if (c == '\\' && p + 1 < escapedPattern.Length)
            {
                c = escapedPattern[++p];
            }

            key.Append(CaseFolding.Fold(c));
            p++;
            if (c == ':')
            {
                sawColon = true;
                break;
            }
        }

        if (!sawColon)
        {
            // No colon: the entry matches no action.
            return new PreparedAction(PreparedActionKind.None, "", null);
        }

        int nameStart = p;
        if (!TryReadLiteralName(escapedPattern, nameStart, key, out bool trailingStar))
        {
            // Wildcards inside the name: a glob checked only for requests of this service.
            // Folded: names that differ only in case are one glob (ActionTrie.GeneralPattern).
            return new PreparedAction(PreparedActionKind.General, key.ToString(0, LengthOfPrefixKey(key)), Folded(escapedPattern.AsSpan(nameStart)));
        }

        return new PreparedAction(trailingStar ? PreparedActionKind.Star : PreparedActionKind.Exact, key.ToString(), null);
    }

    /// <summary>Freezes the collected entries into flat arrays.</summary>
    /// <returns>The trie.</returns>
    public ActionTrie Build()
    {
        // PERF: path compression. An edge into a chain of nodes that carry no ids and have one
        // child each skips the chain: it stores the chain's characters as a label, compared in one
        // tight loop, and points at the chain's end (seed policy trie walk: see docs/benchmarks.md).
        // Only nodes an edge can reach are kept, renumbered in the order they are reached: keeping
        // the skipped ones (and a label from each of them) made AWSSupportServiceRolePolicy's trie
        // 58,666 nodes and 372,640 label characters for 4,533 actions, 3.6 MB for 194 KB of JSON
        // (issue #15 §2); now 6,652 nodes and 52,014 label characters, 0.56 MB (docs/benchmarks.md).
        var nodes = new List<ActionTrie.Node>();
        var edgeChars = new List<char>();
        var edgeTargets = new List<int>();
        var labelStarts = new List<int>();
        var labelLengths = new List<int>();
        var labels = new StringBuilder();

        // Edges grouped by node, each group sorted by character (FindEdge bisects large groups).
        // PERF: one primitive array sort of the long keys, not LINQ's OrderBy/ThenBy.
        long[] edgeKeys = new long[_edges.Count];
        int[] edgeValues = new int[_edges.Count];
        _edges.Keys.CopyTo(edgeKeys, 0);
        _edges.Values.CopyTo(edgeValues, 0);
        Array.Sort(edgeKeys, edgeValues);
        var firstEdge = new int[_nodes.Count + 1];
        foreach (long edge in edgeKeys)
        {
            firstEdge[EdgeNode(edge) + 1]++;
        }

        for (int i = 1; i < firstEdge.Length; i++)
        {
            firstEdge[i] += firstEdge[i - 1];
        }

        // Builder nodes in the order they are kept; a trie reaches each node by one edge only.
        var kept = new List<int> { 0 };
        for (int k = 0; k < kept.Count; k++)
        {
            BuilderNode b = _nodes[kept[k]];
            int start = edgeChars.Count;
            for (int e = firstEdge[kept[k]]; e < firstEdge[kept[k] + 1]; e++)
            {
                int target = edgeValues[e];
                int labelStart = labels.Length;
                while (_nodes[target].IsPassThrough)
                {
                    (char only, int next) = _nodes[target].OnlyChild;
                    labels.Append(only);
                    target = next;
                }

                edgeChars.Add(EdgeChar(edgeKeys[e]));
                edgeTargets.Add(kept.Count);
                kept.Add(target);
                labelStarts.Add(labelStart);
                labelLengths.Add(labels.Length - labelStart);
            }

            nodes.Add(new ActionTrie.Node(
                start,
                b.ChildCount,
                b.Exact is null ? null : [.. b.Exact],
                b.Star is null ? null : [.. b.Star],
                b.General is null ? null : [.. b.General.Select(g => new ActionTrie.GeneralPattern(ResourcePattern.CreateStringLike(g.Key), [.. g.Value]))]));
        }

        return new ActionTrie([.. nodes], [.. edgeChars], [.. edgeTargets], [.. labelStarts], [.. labelLengths], labels.ToString().ToCharArray(), [.. _anyIds], _elementCount);
    }

    /// <summary>
    /// Appends the folded name to <paramref name="key"/> when it is literal, or literal followed
    /// only by stars; returns false when a wildcard appears elsewhere.
    /// </summary>
    private static bool TryReadLiteralName(string pattern, int p, StringBuilder key, out bool trailingStar)
    {
        trailingStar = false;
        while (p < pattern.Length)
        {
            char c = pattern[p];
            if (c == '*')
            {
                for (int q = p; q < pattern.Length; q++)
                {
                    if (pattern[q] != '*')
                    {
                        return false;
                    }
                }

                trailingStar = true;
                return true;
            }

            if (c == '?')
            {
                return false;
            }

            if (c == '\\' && p + 1 < pattern.Length)
            {
                c = pattern[++p];
            }

            key.Append(CaseFolding.Fold(c));
            p++;
        }

        return true;
    }

    /// <summary>The length of "prefix:" inside a key that may hold name characters after it.</summary>
    // Every character folded, wildcards and escapes included (Fold leaves them as they are): the
    // INVARIANT (folded glob) of ActionTrie.GeneralPattern.
    private static string Folded(ReadOnlySpan<char> escapedName)
    {
        var folded = new StringBuilder(escapedName.Length);
        foreach (char c in escapedName)
        {
            folded.Append(CaseFolding.Fold(c));
        }

        return folded.ToString();
    }

    private static int LengthOfPrefixKey(StringBuilder key)
    {
        for (int i = 0; i < key.Length; i++)
        {
            if (key[i] == ':')
            {
                return i + 1;
            }
        }

        return key.Length;
    }

    // The edge from a node by one folded char: the node in the high bits, so keys sort by node, then char.
    private static long EdgeKey(int node, char c) => ((long)node << 16) | c;

    private static int EdgeNode(long key) => (int)(key >> 16);

    private static char EdgeChar(long key) => (char)(key & 0xFFFF);

    private int Walk(string key)
    {
        int node = 0;
        foreach (char c in key)
        {
            if (!_edges.TryGetValue(EdgeKey(node, c), out int child))
            {
                child = _nodes.Count;
                _nodes.Add(new BuilderNode());
                _edges.Add(EdgeKey(node, c), child);
                _nodes[node].ChildCount++;
                _nodes[node].OnlyChild = (c, child);
            }

            node = child;
        }

        return node;
    }

    private sealed class BuilderNode
    {
        /// <summary>A node a path-compressed edge may skip: no ids of its own and one way on.</summary>
        public bool IsPassThrough => ChildCount == 1 && Exact is null && Star is null && General is null;

        public int ChildCount { get; set; }

        /// <summary>The last child added: the only one when <see cref="ChildCount"/> is 1.</summary>
        public (char Char, int Node) OnlyChild { get; set; }

        // PERF: null until the first id (most nodes are on the way to others and hold none).
        public List<int>? Exact { get; set; }

        public List<int>? Star { get; set; }

        // Wildcard names of this service (escaped and folded) and the elements carrying each.
        public Dictionary<string, List<int>>? General { get; set; }
    }
}
