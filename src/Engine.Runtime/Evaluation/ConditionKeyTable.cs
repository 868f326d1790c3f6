namespace Engine.Runtime.Evaluation;

/// <summary>
/// Maps condition-key names to slots, ignoring case (iam-semantics.md §1.4), without hashing:
/// keys are grouped by length, and a request key is compared only with the set's keys of the same
/// length. A set reads a handful of keys, so this is a few length checks and at most one or two
/// ignore-case comparisons per request key, and none for a key the request was given as a
/// <see cref="ConditionKey"/> (the set's keys are atomized too, so reference equality decides).
/// </summary>
internal sealed class ConditionKeyTable
{
    private readonly ConditionKey[] _keys;
    private readonly int[] _slots;
    private readonly int[] _fingerprints;
    private readonly int[] _firstOfLength;

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

    /// <summary>The slot of <paramref name="key"/>, or -1 when the set never reads it.</summary>
    public int SlotOf(ReadOnlySpan<char> key) => SlotOf(key, KeyText.Fingerprint(key), atom: null);

    /// <summary>
    /// The slot of <paramref name="key"/> whose <see cref="KeyText.Fingerprint"/> is known, or -1;
    /// <paramref name="atom"/> is the key's <see cref="ConditionKey"/> when the request was given one.
    /// </summary>
    public int SlotOf(ReadOnlySpan<char> key, int fingerprint, ConditionKey? atom)
    {
        int length = key.Length;
        if ((uint)length + 1 >= (uint)_firstOfLength.Length)
        {
            return -1;
        }

        for (int row = _firstOfLength[length]; row < _firstOfLength[length + 1]; row++)
        {
            if (!KeyText.MayBeEqual(fingerprint, _fingerprints[row]))
            {
                continue;
            }

            // Two atomized keys are equal exactly when they are one object.
            if (atom is not null ? ReferenceEquals(atom, _keys[row]) : KeyText.EqualsIgnoreCase(key, _keys[row].Name))
            {
                return _slots[row];
            }
        }

        return -1;
    }
}
