namespace Engine.Protocol;

/// <summary>A context key with its value(s), as a client builds a query (<see cref="FrameWriter.WriteQuery"/>).</summary>
public sealed class QueryContextEntry
{
    private QueryContextEntry(string key, bool isMultivalued, IReadOnlyList<string> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        foreach (string value in values)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(values));
        }

        Key = key;
        IsMultivalued = isMultivalued;
        Values = values;
    }

    /// <summary>The condition key, for example <c>aws:username</c>; never empty.</summary>
    public string Key { get; }

    /// <summary>True for an array value (even of one or zero elements); false for a single value.</summary>
    public bool IsMultivalued { get; }

    /// <summary>The values: exactly one unless <see cref="IsMultivalued"/>.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>A key with a single string value.</summary>
    /// <param name="key">The condition key.</param>
    /// <param name="value">The value.</param>
    /// <returns>The entry.</returns>
    public static QueryContextEntry SingleValue(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new QueryContextEntry(key, isMultivalued: false, [value]);
    }

    /// <summary>A multivalued key: an array of strings, possibly empty or of one element.</summary>
    /// <param name="key">The condition key.</param>
    /// <param name="values">The values, in order.</param>
    /// <returns>The entry.</returns>
    public static QueryContextEntry Multivalued(string key, params IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new QueryContextEntry(key, isMultivalued: true, values.ToArray());
    }

    /// <summary>
    /// The entry for a key as a policy model or a case file holds it: a multivalued key keeps its
    /// array form (even of one or zero values); a single-valued key must carry exactly one value.
    /// </summary>
    /// <param name="key">The condition key.</param>
    /// <param name="values">The values, in order.</param>
    /// <param name="isMultivalued">Whether the value is an array.</param>
    /// <returns>The entry.</returns>
    public static QueryContextEntry Create(string key, IReadOnlyList<string> values, bool isMultivalued)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!isMultivalued && values.Count != 1)
        {
            throw new ArgumentException("a single-valued key carries exactly one value", nameof(values));
        }

        return isMultivalued ? Multivalued(key, values) : SingleValue(key, values[0]);
    }
}
