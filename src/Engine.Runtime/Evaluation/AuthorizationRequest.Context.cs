namespace Engine.Runtime.Evaluation;

public sealed partial class AuthorizationRequest
{
    // One row per context key; its values are rows of _values from FirstValue to FirstValue + ValueCount.
    private ContextKeyRow[] _keys = new ContextKeyRow[16];
    private TextRange[] _values = new TextRange[32];
    private int _keyCount, _valueCount;
    private int _openKey = -1;

    /// <summary>Whether two context keys differ only by case (a malformed request, §1.4).</summary>
    public bool HasDuplicateContextKey { get; private set; }

    /// <summary>The number of context keys.</summary>
    public int ContextCount => _keyCount;

    internal readonly record struct ContextKeyRow(TextRange Key, int Fingerprint, int FirstValue, int ValueCount, bool IsMultivalued);

    /// <summary>Adds a single-valued context key.</summary>
    /// <param name="key">The key, e.g. <c>aws:username</c>.</param>
    /// <param name="value">Its value.</param>
    public void AddContext(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        AddSingleValued(Append(key), Append(value));
    }

    /// <summary>Adds a single-valued context key; the request refers to the strings instead of copying them.</summary>
    /// <param name="key">The key, e.g. <c>aws:username</c>.</param>
    /// <param name="value">Its value.</param>
    public void AddContext(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        AddSingleValued(Refer(key), Refer(value));
    }

    /// <summary>Adds a single-valued context key from UTF-8 bytes.</summary>
    /// <param name="key">The key as UTF-8.</param>
    /// <param name="value">The value as UTF-8.</param>
    public void AddContextUtf8(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        TextRange keyRange = AppendUtf8(key);
        AddSingleValued(keyRange, AppendUtf8(value));
    }

    /// <summary>Starts a multivalued key (an array, possibly empty); add its values with <see cref="AddContextValue(ReadOnlySpan{char})"/>.</summary>
    /// <param name="key">The key, e.g. <c>aws:TagKeys</c>.</param>
    public void BeginMultivaluedContext(ReadOnlySpan<char> key) => BeginKey(Append(key), isMultivalued: true);

    /// <summary>Starts a multivalued key; the request refers to the string instead of copying it.</summary>
    /// <param name="key">The key, e.g. <c>aws:TagKeys</c>.</param>
    public void BeginMultivaluedContext(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        BeginKey(Refer(key), isMultivalued: true);
    }

    /// <summary>Starts a multivalued key from UTF-8 bytes.</summary>
    /// <param name="key">The key as UTF-8.</param>
    public void BeginMultivaluedContextUtf8(ReadOnlySpan<byte> key) => BeginKey(AppendUtf8(key), isMultivalued: true);

    /// <summary>Adds one value to the multivalued key begun last.</summary>
    /// <param name="value">The value.</param>
    public void AddContextValue(ReadOnlySpan<char> value) => AddValueRow(Append(value));

    /// <summary>Adds one value to the multivalued key begun last; the request refers to the string instead of copying it.</summary>
    /// <param name="value">The value.</param>
    public void AddContextValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        AddValueRow(Refer(value));
    }

    /// <summary>Adds one UTF-8 value to the multivalued key begun last.</summary>
    /// <param name="value">The value as UTF-8.</param>
    public void AddContextValueUtf8(ReadOnlySpan<byte> value) => AddValueRow(AppendUtf8(value));

    /// <summary>The key of context entry <paramref name="index"/>.</summary>
    /// <param name="index">0-based entry index.</param>
    public ReadOnlySpan<char> ContextKey(int index) => Slice(_keys[index].Key);

    /// <summary>The case-insensitive fingerprint of entry <paramref name="index"/>'s key (<see cref="KeyText.Fingerprint"/>).</summary>
    internal int ContextKeyFingerprint(int index) => _keys[index].Fingerprint;

    /// <summary>Whether entry <paramref name="index"/> was given as an array.</summary>
    /// <param name="index">0-based entry index.</param>
    public bool IsMultivalued(int index) => _keys[index].IsMultivalued;

    /// <summary>The number of values of entry <paramref name="index"/>.</summary>
    /// <param name="index">0-based entry index.</param>
    public int ValueCount(int index) => _keys[index].ValueCount;

    /// <summary>Value <paramref name="valueIndex"/> of entry <paramref name="index"/>.</summary>
    /// <param name="index">0-based entry index.</param>
    /// <param name="valueIndex">0-based value index.</param>
    public ReadOnlySpan<char> ContextValue(int index, int valueIndex) => Slice(_values[_keys[index].FirstValue + valueIndex]);

    private void ResetContext()
    {
        _keyCount = _valueCount = 0;
        _openKey = -1;
        HasDuplicateContextKey = false;
    }

    // PERF (overlap-10x50 profile: a third of a decision with fill is the fill): a single value is
    // written with its key row at once, not added to an open key row by row.
    private void AddSingleValued(TextRange key, TextRange value)
    {
        BeginKey(key, isMultivalued: false, firstValueCount: 1);
        if (_valueCount == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        _values[_valueCount++] = value;
        _openKey = -1;
    }

    private void BeginKey(TextRange key, bool isMultivalued, int firstValueCount = 0)
    {
        ReadOnlySpan<char> name = Slice(key);
        int fingerprint = KeyText.Fingerprint(name);
        for (int i = 0; i < _keyCount; i++)
        {
            // SPEC: §1.4 — keys are compared case-insensitively; a repeat makes the request malformed.
            ref readonly ContextKeyRow row = ref _keys[i];
            if (KeyText.MayBeEqual(fingerprint, row.Fingerprint) && KeyText.EqualsIgnoreCase(name, Slice(row.Key)))
            {
                HasDuplicateContextKey = true;
            }
        }

        if (_keyCount == _keys.Length)
        {
            Array.Resize(ref _keys, _keys.Length * 2);
        }

        _keys[_keyCount] = new ContextKeyRow(key, fingerprint, _valueCount, firstValueCount, isMultivalued);
        _openKey = _keyCount++;
    }

    private void AddValueRow(TextRange value)
    {
        if (_openKey < 0)
        {
            throw new InvalidOperationException("begin a context key before adding values to it");
        }

        if (_valueCount == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        _values[_valueCount++] = value;
        ContextKeyRow row = _keys[_openKey];
        _keys[_openKey] = row with { ValueCount = row.ValueCount + 1 };
    }
}
