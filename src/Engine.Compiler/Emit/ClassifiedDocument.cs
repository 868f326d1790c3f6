using System.Collections.Concurrent;
using System.Collections.Immutable;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

/// <summary>
/// The classified form of one policy document, shared by every policy set that holds the document
/// (<see cref="ClassifiedPolicyCache"/>): the action trie of its statements' Action/NotAction entries, and each
/// statement's <see cref="StatementCheck"/>. Immutable once built; no set's statement ids, no per-set state.
/// </summary>
/// <remarks>
/// Condition keys are the one thing a classified check takes from its set: a condition and a
/// variable read the request through the slot the set gave the key (SlotTable, then the set's
/// ConditionKeyTable), and a set numbers its keys in the order it meets them. So the checks are
/// kept per <em>signature</em>, the set slots of the document's <see cref="Keys"/> in order. A
/// document whose statements read no key, or that comes first in its set (the signature is 0, 1,
/// 2 …), has one form for every set; another signature is classified once, its key-free statements
/// still sharing the first form's objects.
/// </remarks>
internal sealed class ClassifiedDocument
{
    private readonly PolicyDocument _document;
    private readonly bool[] _readsKeys;
    private readonly StatementCheck?[] _ownChecks;
    private readonly ConcurrentDictionary<SlotSignature, StatementCheck?[]> _checksBySignature = new();

    private ClassifiedDocument(PolicyDocument document, ActionTrie actions, string[] keys, bool[] readsKeys, StatementCheck?[] ownChecks)
    {
        _document = document;
        Actions = actions;
        Keys = keys;
        _readsKeys = readsKeys;
        _ownChecks = ownChecks;
    }

    /// <summary>
    /// The Action/NotAction entries of every statement, element <c>i</c> being statement <c>i</c>
    /// of the document: a set places it at the id of the document's first statement
    /// (<see cref="ActionTrieSet"/>), so a bundle builds one trie per document, not one per set.
    /// </summary>
    public ActionTrie Actions { get; }

    /// <summary>The distinct condition keys the statements read (conditions and variables), in the order the classifier meets them.</summary>
    public string[] Keys { get; }

    /// <summary>Classifies every statement of a document once, its keys numbered 0, 1, 2 … in the order met.</summary>
    /// <exception cref="PolicyCompileException">A construct the compiler cannot handle.</exception>
    public static ClassifiedDocument Create(PolicyDocument document)
    {
        ImmutableArray<Statement> statements = document.Statements;
        var actions = new ActionTrieBuilder();
        var readsKeys = new bool[statements.Length];
        var checks = new StatementCheck?[statements.Length];
        var slots = new SlotTable();

        // Atoms are shared within the document (a classified document is built on one thread);
        // a set built from the cache shares what each of its documents repeats.
        var atoms = new AtomInterner();
        for (int i = 0; i < statements.Length; i++)
        {
            PolicySetCompiler.ClassifyActions(statements[i].Action, i, actions);
            int lookups = slots.Lookups;
            checks[i] = PolicySetCompiler.ClassifyStatement(statements[i], document, slots, atoms);
            readsKeys[i] = slots.Lookups > lookups;
        }

        return new ClassifiedDocument(document, actions.Build(), [.. slots.Keys], readsKeys, checks);
    }

    /// <summary>
    /// By statement: its resource and condition checks for a set that gave <see cref="Keys"/> the
    /// slots <paramref name="slots"/> (null when both always hold).
    /// </summary>
    /// <param name="slots">The set's slot for each of <see cref="Keys"/>, in order.</param>
    public StatementCheck?[] ChecksFor(int[] slots)
    {
        if (IsOwnNumbering(slots))
        {
            return _ownChecks;
        }

        return _checksBySignature.GetOrAdd(new SlotSignature(slots), static (signature, classified) => classified.Classify(signature.Slots), this);
    }

    private static bool IsOwnNumbering(int[] slots)
    {
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i] != i)
            {
                return false;
            }
        }

        return true;
    }

    // Statements that read no key keep the first form's objects, so sets share them whatever their slots.
    private StatementCheck?[] Classify(int[] slots)
    {
        var table = new SlotTable(Keys, slots);
        var atoms = new AtomInterner();
        var checks = new StatementCheck?[_ownChecks.Length];
        for (int i = 0; i < checks.Length; i++)
        {
            checks[i] = _readsKeys[i] ? PolicySetCompiler.ClassifyStatement(_document.Statements[i], _document, table, atoms) : _ownChecks[i];
        }

        return checks;
    }

    /// <summary>An int array compared by content (a dictionary key).</summary>
    private readonly struct SlotSignature(int[] slots) : IEquatable<SlotSignature>
    {
        public int[] Slots { get; } = slots;

        public bool Equals(SlotSignature other) => Slots.AsSpan().SequenceEqual(other.Slots);

        public override bool Equals(object? obj) => obj is SlotSignature other && Equals(other);

        public override int GetHashCode()
        {
            var hash = default(HashCode);
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Slots.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
