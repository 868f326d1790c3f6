namespace Engine.Compiler.Emit;

/// <summary>Assigns each distinct condition key (case-insensitively) a slot, so a request looks each key up once.</summary>
internal sealed class SlotTable
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _keys = [];

    public SlotTable()
    {
    }

    // A table whose slots were assigned elsewhere: keys[i] reads slots[i] (a shared document
    // classified for the slots one policy set gave its keys, see ClassifiedDocument).
    public SlotTable(IReadOnlyList<string> keys, IReadOnlyList<int> slots)
    {
        for (int i = 0; i < keys.Count; i++)
        {
            _slots[keys[i]] = slots[i];
            _keys.Add(keys[i]);
        }
    }

    public IReadOnlyList<string> Keys => _keys;

    /// <summary>How many times <see cref="SlotOf"/> was asked: tells whether a statement reads any key.</summary>
    public int Lookups { get; private set; }

    public int SlotOf(string key)
    {
        Lookups++;
        if (!_slots.TryGetValue(key, out int slot))
        {
            slot = _keys.Count;
            _slots[key] = slot;
            _keys.Add(key);
        }

        return slot;
    }
}
