namespace Engine.Runtime.Evaluation;

/// <summary>
/// Maps condition-key names to slots, ignoring case (iam-semantics.md §1.4), without hashing:
/// keys are grouped by length, and a request key is compared only with the set's keys of the same
/// length. A set reads a handful of keys, so this is a few length checks and at most one or two
/// ignore-case comparisons per request key. A key the request was given as a
/// <see cref="ConditionKey"/> is found by its id in a small open-addressed table instead (the set's
/// keys are atomized too, so the id decides): one or two reads, no text.
/// </summary>
internal sealed class ConditionKeyTable
{
    private readonly ConditionKey[] _keys;
    private readonly int[] _slots;
    private readonly int[] _fingerprints;
    private readonly int[] _firstOfLength;

    // By ConditionKey.Id, open addressing with linear probing, at most half full; 0 is empty.
    private readonly int[] _atomIds;
    private readonly int[] _atomSlots;
    private readonly int _atomShift;

    public ConditionKeyTable(IReadOnlyList<string> keysBySlot)
    {
        var rows = new List<(string Key, int Slot)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int slot = 0; slot < keysBySlot.Count; slot++)
        {
            if (seen.Add(keysBySlot[slot]))
            {
                rows.Add((keysBySlot[slot], slot));
            }
        }

        rows.Sort((a, b) => a.Key.Length.CompareTo(b.Key.Length));
        Count = rows.Count;
        _keys = [.. rows.Select(r => ConditionKey.Get(r.Key))];
        _slots = [.. rows.Select(r => r.Slot)];
        _fingerprints = [.. _keys.Select(k => k.Fingerprint)];
        int size = (int)Math.Max(2, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * rows.Count)));
        _atomShift = 32 - System.Numerics.BitOperations.Log2((uint)size);
        _atomIds = new int[size];
        _atomSlots = new int[size];
        for (int i = 0; i < _keys.Length; i++)
        {
            int at = AtomHome(_keys[i].Id);
            while (_atomIds[at] != 0)
            {
                at = (at + 1) & (size - 1);
            }

            _atomIds[at] = _keys[i].Id;
            _atomSlots[at] = _slots[i];
        }

        int maxLength = rows.Count == 0 ? 0 : rows[^1].Key.Length;

        // _firstOfLength[n] .. _firstOfLength[n + 1] are the rows whose key has length n.
        _firstOfLength = new int[maxLength + 2];
        int row = 0;
        for (int length = 0; length <= maxLength + 1; length++)
        {
            while (row < rows.Count && rows[row].Key.Length < length)
            {
                row++;
            }

            _firstOfLength[length] = row;
        }
    }

    /// <summary>The number of distinct keys.</summary>
    public int Count { get; }

    /// <summary>
    /// A number of this table's own in the process, by which a <see cref="PreparedContext"/>
    /// remembers its keys' slots here without keeping the table (and its set) alive.
    /// </summary>
    public long Id { get; } = Interlocked.Increment(ref s_lastId);

    private static long s_lastId;

    /// <summary>The slot of <paramref name="key"/>, or -1 when the set never reads it.</summary>
    public int SlotOf(ReadOnlySpan<char> key) => SlotOf(key, KeyText.Fingerprint(key), out _);

    /// <summary>The slot of the atomized <paramref name="key"/>, or -1 when the set never reads it.</summary>
    public int SlotOf(ConditionKey key) => SlotOfAtom(key.Id);

    /// <summary>The slot of the atomized key whose <see cref="ConditionKey.Id"/> is <paramref name="id"/> (never 0), or -1.</summary>
    public int SlotOfAtom(int id)
    {
        int[] ids = _atomIds;
        for (int at = AtomHome(id); ; at = (at + 1) & (ids.Length - 1))
        {
            int found = ids[at];
            if (found == id)
            {
                return _atomSlots[at];
            }

            if (found == 0)
            {
                return -1;
            }
        }
    }

    /// <summary>
    /// The slot of <paramref name="key"/> whose <see cref="KeyText.Fingerprint"/> is known, or -1;
    /// when found, <paramref name="atomId"/> is the key's <see cref="ConditionKey.Id"/> (the set's
    /// key equals it ignoring case, so it is the key's own atom), else 0.
    /// </summary>
    public int SlotOf(ReadOnlySpan<char> key, int fingerprint, out int atomId)
    {
        atomId = 0;
        int length = key.Length;
        if ((uint)length + 1 >= (uint)_firstOfLength.Length)
        {
            return -1;
        }

        for (int row = _firstOfLength[length]; row < _firstOfLength[length + 1]; row++)
        {
            if (KeyText.MayBeEqual(fingerprint, _fingerprints[row]) && KeyText.EqualsIgnoreCase(key, _keys[row].Name))
            {
                atomId = _keys[row].Id;
                return _slots[row];
            }
        }

        return -1;
    }

    // Fibonacci hashing: ids are consecutive, the multiplication spreads them over the table.
    private int AtomHome(int id) => (int)(((uint)id * 0x9E3779B1u) >> _atomShift);
}
