namespace Engine.Runtime.Evaluation;

public sealed partial class AuthorizationRequest
{
    // One row per context key (ContextKeyRow); the values of multivalued keys in _values. The
    // request's own rows, which every Add writes.
    private ContextKeyRow[] _keys = new ContextKeyRow[16];
    private TextRange[] _values = new TextRange[32];
    private int _keyCount, _valueCount;

    // The rows every read reads: the request's own, or a PreparedContext's while it is the
    // request's whole context (WholeContext), which the request then shares instead of copying.
    // INVARIANT (views): no write goes through these; an Add after a prepared context first copies
    // its rows into the request's own (DetachFromPrepared).
    private ContextKeyRow[] _rowView;
    private TextRange[] _valueView;

    // Rows (and value rows) below these counts may refer to strings given by the last fill
    // (ResetContext, ReleaseReferences); every row past them is clear.
    private int _rowsInUse, _valuesInUse;
    private int _openKey = -1;

    // One bit per key fingerprint seen (a Bloom filter): a new key whose bit is clear cannot repeat
    // an earlier key, so the duplicate check compares rows only when the bit is set. All ones
    // once a key of Unknown fingerprint (non-ASCII) is in: that key may equal any other.
    // PERF (overlap-10x50): nine keys made 36 row comparisons per fill.
    private ulong _keyBits;

    /// <summary>Whether two context keys differ only by case (a malformed request, §1.4).</summary>
    public bool HasDuplicateContextKey { get; private set; }

    /// <summary>The number of context keys.</summary>
    public int ContextCount => _keyCount;

    // AtomId: the key's ConditionKey.Id when it was given atomized, else 0. An id, not the object:
    // one reference fewer to store (and write-barrier) per key.
    // Value: the value of a single-valued key, kept in its row; a multivalued key's values are rows
    // of _values from FirstValue to FirstValue + ValueCount.
    // PERF (overlap-10x50, nine single-valued keys): one row per key instead of a key row and a
    // value row, so a fill writes, bounds-checks and counts half as many rows, and a condition
    // reads its value in one step.
    // Not readonly: an evaluation writes a learned AtomId in place (LearnContextKeyAtom).
    internal record struct ContextKeyRow(TextRange Key, TextRange Value, int AtomId, int Fingerprint, int FirstValue, int ValueCount, bool IsMultivalued);

    /// <summary>Adds a single-valued context key.</summary>
    /// <param name="key">The key, e.g. <c>aws:username</c>.</param>
    /// <param name="value">Its value.</param>
    public void AddContext(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        AddSingleValued(Append(key), atom: null, Append(value));
    }

    /// <summary>Adds a single-valued context key; the request refers to the strings instead of copying them.</summary>
    /// <param name="key">The key, e.g. <c>aws:username</c>.</param>
    /// <param name="value">Its value.</param>
    public void AddContext(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        AddSingleValued(Refer(key), atom: null, Refer(value));
    }

    /// <summary>Adds a single-valued context key given as an atomized <see cref="ConditionKey"/> (the fastest way).</summary>
    /// <param name="key">The key; the request's text of it is <see cref="ConditionKey.Name"/>.</param>
    /// <param name="value">Its value; the request refers to the string instead of copying it.</param>
    public void AddContext(ConditionKey key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        AddSingleValued(Refer(key.Name), key, Refer(value));
    }

    /// <summary>
    /// Adds a single-valued key spelt <paramref name="key"/> whose atomized form, when some set or
    /// embedder atomized it, is <paramref name="atom"/> (the case model's fill keeps both).
    /// </summary>
    internal void AddContext(string key, ConditionKey? atom, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        AddSingleValued(Refer(key), CheckedAtom(key, atom), Refer(value));
    }

    /// <summary>Adds a single-valued context key from UTF-8 bytes.</summary>
    /// <param name="key">The key as UTF-8.</param>
    /// <param name="value">The value as UTF-8.</param>
    public void AddContextUtf8(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        TextRange keyRange = AppendUtf8(key);
        AddSingleValued(keyRange, atom: null, AppendUtf8(value));
    }

    /// <summary>Starts a multivalued key (an array, possibly empty); add its values with <see cref="AddContextValue(ReadOnlySpan{char})"/>.</summary>
    /// <param name="key">The key, e.g. <c>aws:TagKeys</c>.</param>
    public void BeginMultivaluedContext(ReadOnlySpan<char> key) => BeginMultivalued(Append(key), atom: null);

    /// <summary>Starts a multivalued key; the request refers to the string instead of copying it.</summary>
    /// <param name="key">The key, e.g. <c>aws:TagKeys</c>.</param>
    public void BeginMultivaluedContext(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        BeginMultivalued(Refer(key), atom: null);
    }

    /// <summary>Starts a multivalued key given as an atomized <see cref="ConditionKey"/>.</summary>
    /// <param name="key">The key, e.g. <c>aws:TagKeys</c>.</param>
    public void BeginMultivaluedContext(ConditionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        BeginMultivalued(Refer(key.Name), key);
    }

    /// <summary>Starts a multivalued key spelt <paramref name="key"/> whose atomized form is <paramref name="atom"/>, if any.</summary>
    internal void BeginMultivaluedContext(string key, ConditionKey? atom)
    {
        ArgumentNullException.ThrowIfNull(key);
        BeginMultivalued(Refer(key), CheckedAtom(key, atom));
    }

    /// <summary>Starts a multivalued key from UTF-8 bytes.</summary>
    /// <param name="key">The key as UTF-8.</param>
    public void BeginMultivaluedContextUtf8(ReadOnlySpan<byte> key) => BeginMultivalued(AppendUtf8(key), atom: null);

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
    public ReadOnlySpan<char> ContextKey(int index) => Slice(_rowView[index].Key);

    /// <summary>The case-insensitive fingerprint of entry <paramref name="index"/>'s key (<see cref="KeyText.Fingerprint"/>).</summary>
    internal int ContextKeyFingerprint(int index) => _rowView[index].Fingerprint;

    /// <summary>The <see cref="ConditionKey.Id"/> of entry <paramref name="index"/>'s key, or 0 when it was given as text.</summary>
    internal int ContextKeyAtomId(int index) => _rowView[index].AtomId;

    /// <summary>
    /// Records that entry <paramref name="index"/>'s key, given as text, is the atomized key
    /// <paramref name="atomId"/>: a set found it equal, ignoring case, to that key's name.
    /// </summary>
    internal void LearnContextKeyAtom(int index, int atomId)
    {
        // INVARIANT (atoms): only an id whose key equals this key's text may be learned.
        // While a prepared context is shared, `index` is a row of its arrays, not of the request's
        // own (which may be shorter), and its rows are never written (INVARIANT (views)): its keys
        // stay as captured.
        if (WholeContext is null)
        {
            _keys[index].AtomId = atomId;
        }
    }

    /// <summary>Whether entry <paramref name="index"/> was given as an array.</summary>
    /// <param name="index">0-based entry index.</param>
    public bool IsMultivalued(int index) => _rowView[index].IsMultivalued;

    /// <summary>The number of values of entry <paramref name="index"/>.</summary>
    /// <param name="index">0-based entry index.</param>
    public int ValueCount(int index) => _rowView[index].ValueCount;

    /// <summary>Value <paramref name="valueIndex"/> of entry <paramref name="index"/>.</summary>
    /// <param name="index">0-based entry index.</param>
    /// <param name="valueIndex">0-based value index.</param>
    public ReadOnlySpan<char> ContextValue(int index, int valueIndex)
    {
        ref readonly ContextKeyRow row = ref _rowView[index];
        if ((uint)valueIndex >= (uint)row.ValueCount)
        {
            ThrowHelper.ThrowValueIndexOutOfRange(valueIndex, row.ValueCount);
        }

        return Slice(row.IsMultivalued ? _valueView[row.FirstValue + valueIndex] : row.Value);
    }

    // PERF (overlap-10x50 profile): clearing every row's string references in each fill cost a
    // nine-key decision a call and two spans cleared. Only rows the fill now ending did not
    // overwrite (left from a larger fill before it) are cleared, none when the sizes repeat; the
    // ending fill's own strings stay until the next fill overwrites them or the request goes back
    // to a pool (ReleaseReferences). So a reset request refers to at most one fill's strings.
    // A fill that shared a prepared context wrote none of the request's own rows, so those left
    // from an earlier fill are all cleared.
    private void ResetContext()
    {
        bool shared = WholeContext is not null;
        ReleaseRowsFrom(shared ? 0 : _keyCount, shared ? 0 : _valueCount);
        _keyCount = _valueCount = 0;
        _openKey = -1;
        HasDuplicateContextKey = false;
        _keyBits = 0;
        if (shared)
        {
            UseOwnRows();
        }
    }

    /// <summary>
    /// Resets the request and drops every reference to the strings its fills gave (keys and
    /// values given as strings), so that an idle pooled request keeps none of them alive.
    /// </summary>
    internal void ReleaseReferences()
    {
        Reset();
        ReleaseRowsFrom(0, 0);
        UseOwnSlots();
    }

    // Clears the rows from `rows` and the value rows from `values` up to those in use, and makes
    // those the counts in use.
    private void ReleaseRowsFrom(int rows, int values)
    {
        if (_rowsInUse > rows)
        {
            _keys.AsSpan(rows, _rowsInUse - rows).Clear();
        }

        if (_valuesInUse > values)
        {
            _values.AsSpan(values, _valuesInUse - values).Clear();
        }

        _rowsInUse = rows;
        _valuesInUse = values;
    }

    // INVARIANT (atoms): a row's atom is its key's ConditionKey, or the row would be matched to
    // another key's slot. An internal caller's pair is checked in Debug builds.
    private static ConditionKey? CheckedAtom(string key, ConditionKey? atom)
    {
        System.Diagnostics.Debug.Assert(atom is null || KeyText.EqualsIgnoreCase(key, atom.Name), $"`{key}` was given the atom of `{atom?.Name}`");
        return atom;
    }

    // PERF (overlap-10x50 profile: a third of a decision with fill is the fill): a single value is
    // written with its key row at once, not added to an open key row by row.
    private void AddSingleValued(TextRange key, ConditionKey? atom, TextRange value)
    {
        DetachFromPrepared();
        int fingerprint = FingerprintOf(key, atom);
        CheckNewKey(key, atom?.Id ?? 0, fingerprint);
        EnsureRows(_keyCount + 1);

        _keys[_keyCount++] = new ContextKeyRow(key, value, atom?.Id ?? 0, fingerprint, FirstValue: 0, ValueCount: 1, IsMultivalued: false);
        _openKey = -1;
    }

    private void BeginMultivalued(TextRange key, ConditionKey? atom)
    {
        DetachFromPrepared();
        int fingerprint = FingerprintOf(key, atom);
        CheckNewKey(key, atom?.Id ?? 0, fingerprint);
        EnsureRows(_keyCount + 1);

        _keys[_keyCount] = new ContextKeyRow(key, Value: default, atom?.Id ?? 0, fingerprint, _valueCount, ValueCount: 0, IsMultivalued: true);
        _openKey = _keyCount++;
    }

    private int FingerprintOf(TextRange key, ConditionKey? atom) => atom?.Fingerprint ?? KeyText.Fingerprint(Slice(key));

    // Notes a duplicate of an earlier key (§1.4) before a key of this atom id (0: given as text)
    // and fingerprint is added.
    private void CheckNewKey(TextRange key, int atomId, int fingerprint)
    {
        ulong bit = fingerprint == KeyText.Unknown ? ~0UL : 1UL << (int)((uint)fingerprint * 0x9E3779B1u >> 26);
        if ((_keyBits & bit) != 0)
        {
            FindDuplicate(Slice(key), atomId, fingerprint);
        }

        _keyBits |= bit;
    }

    private void FindDuplicate(ReadOnlySpan<char> name, int atomId, int fingerprint)
    {
        for (int i = 0; i < _keyCount; i++)
        {
            // SPEC: §1.4 — keys are compared case-insensitively; a repeat makes the request malformed.
            ref readonly ContextKeyRow row = ref _keys[i];
            if (!KeyText.MayBeEqual(fingerprint, row.Fingerprint))
            {
                continue;
            }

            // Two atomized keys are equal exactly when they are one object, so have one id.
            if (atomId != 0 && row.AtomId != 0 ? atomId == row.AtomId : KeyText.EqualsIgnoreCase(name, Slice(row.Key)))
            {
                HasDuplicateContextKey = true;
            }
        }
    }

    private void AddValueRow(TextRange value)
    {
        if (_openKey < 0)
        {
            throw new InvalidOperationException("begin a context key before adding values to it");
        }

        EnsureValueRows(_valueCount + 1);

        _values[_valueCount++] = value;
        _keys[_openKey].ValueCount++;
    }
}
