namespace Engine.Protocol;

/// <summary>One context key of a query with its value or values, as UTF-8 views into the frame body.</summary>
public readonly ref struct ContextEntry
{
    private readonly ReadOnlySpan<byte> _values;

    internal ContextEntry(ReadOnlySpan<byte> key, bool isMultivalued, ReadOnlySpan<byte> values, int valueCount)
    {
        Key = key;
        IsMultivalued = isMultivalued;
        _values = values;
        ValueCount = valueCount;
    }

    /// <summary>The condition key's UTF-8 bytes (never empty), for example <c>aws:username</c>.</summary>
    public ReadOnlySpan<byte> Key { get; }

    /// <summary>
    /// True when the client sent an array (a multivalued key), even of one or zero elements; false
    /// for a single value. Operators without <c>ForAnyValue</c>/<c>ForAllValues</c> treat the two differently.
    /// </summary>
    public bool IsMultivalued { get; }

    /// <summary>Number of values: exactly 1 for a single value; 0 or more for an array.</summary>
    public int ValueCount { get; }

    /// <summary>The values in wire order.</summary>
    public ContextValueEnumerator Values => new(_values, ValueCount);
}
