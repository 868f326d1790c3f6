namespace Engine.Compiler.Emit;

/// <summary>Assigns each distinct condition key (case-insensitively) a slot, so a request looks each key up once.</summary>
internal sealed class SlotTable
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _keys = [];

    public IReadOnlyList<string> Keys => _keys;

    public int SlotOf(string key)
    {
        if (!_slots.TryGetValue(key, out int slot))
        {
            slot = _keys.Count;
            _slots[key] = slot;
            _keys.Add(key);
        }

        return slot;
    }
}
