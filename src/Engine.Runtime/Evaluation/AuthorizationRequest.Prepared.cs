using System.Runtime.CompilerServices;

namespace Engine.Runtime.Evaluation;

public sealed partial class AuthorizationRequest
{
    /// <summary>The prepared context that is the request's whole context (added first, nothing after it), else null.</summary>
    internal PreparedContext? WholeContext { get; private set; }

    /// <summary>
    /// Adds every key and value of a <see cref="PreparedContext"/>, as if each were added here
    /// one by one in the order it was captured (a key repeated, ignoring case, across the two makes
    /// the request malformed, §1.4). Added first, the context is shared, not copied: adding it
    /// costs the same for any number of keys.
    /// </summary>
    /// <param name="context">The prepared context.</param>
    public void AddContext(PreparedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _openKey = -1;
        if (_keyCount == 0)
        {
            // PERF (overlap-10x50 with fill): the usual case, a prepared context first: the request
            // reads the context's rows where they are and takes its duplicate check as captured.
            // Copying nine rows cost two write barriers a row; sharing stores three references
            // (two of them again at the next Reset) and a few counts, for any number of keys.
            _rowView = context.Rows;
            _valueView = context.Values;
            _keyCount = context.Rows.Length;
            _valueCount = context.Values.Length;
            _keyBits = context.KeyBits;
            HasDuplicateContextKey = context.HasDuplicateKey;
            WholeContext = context;
            return;
        }

        // After other keys: each row checked against those before it and copied, its values appended.
        DetachFromPrepared();
        ContextKeyRow[] rows = context.Rows;
        TextRange[] values = context.Values;
        EnsureRows(_keyCount + rows.Length);
        EnsureValueRows(_valueCount + values.Length);
        int firstValue = _valueCount;
        values.CopyTo(_values.AsSpan(firstValue));
        _valueCount += values.Length;
        foreach (ContextKeyRow row in rows)
        {
            CheckNewKey(row.Key, row.AtomId, row.Fingerprint);
            _keys[_keyCount++] = row.IsMultivalued ? row with { FirstValue = row.FirstValue + firstValue } : row;
        }
    }

    // Before an Add writes a row: a shared prepared context's rows become the request's own.
    private void DetachFromPrepared()
    {
        if (WholeContext is null)
        {
            return;
        }

        EnsureRows(_keyCount);
        EnsureValueRows(_valueCount);
        _rowView.AsSpan(0, _keyCount).CopyTo(_keys);
        _valueView.AsSpan(0, _valueCount).CopyTo(_values);
        UseOwnRows();
    }

    // Reads go to the request's own rows again.
    // INVARIANT (views): while WholeContext is null the views are the request's own arrays.
    private void UseOwnRows()
    {
        _rowView = _keys;
        _valueView = _values;
        WholeContext = null;
    }

    // INVARIANT (atoms): a row's AtomId is its key's ConditionKey.Id: kept as given, or found by
    // the key's text, which ConditionKey.Find matches ignoring case as §1.4 does.
    internal PreparedContext CaptureContext()
    {
        var rows = new ContextKeyRow[_keyCount];
        for (int i = 0; i < rows.Length; i++)
        {
            ContextKeyRow row = _rowView[i];
            TextRange key = OwnedText(row.Key);
            int atomId = row.AtomId != 0 ? row.AtomId : ConditionKey.Find(key.Source!)?.Id ?? 0;
            rows[i] = row with { Key = key, Value = row.IsMultivalued ? default : OwnedText(row.Value), AtomId = atomId };
        }

        var values = new TextRange[_valueCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = OwnedText(_valueView[i]);
        }

        return new PreparedContext(rows, values, _keyBits, HasDuplicateContextKey);
    }

    // The text as a string of its own: a copy of the request's buffer is overwritten by its next fill.
    private TextRange OwnedText(TextRange range) => range.Source is not null ? range : Refer(new string(Slice(range)));

    // Own rows for `count` keys (grown by doubling); reads follow unless a prepared context is shared.
    private void EnsureRows(int count)
    {
        if (count > _keys.Length)
        {
            GrowOwn(ref _keys, ref _rowView, count);
        }
    }

    private void EnsureValueRows(int count)
    {
        if (count > _values.Length)
        {
            GrowOwn(ref _values, ref _valueView, count);
        }
    }

    // PERF: growth out of line, so the checks stay small enough to inline into the fill methods.
    // The view follows unless a prepared context is shared (INVARIANT (views)).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowOwn<T>(ref T[] own, ref T[] view, int count)
    {
        Array.Resize(ref own, Math.Max(count, own.Length * 2));
        NoteGrowth();
        if (WholeContext is null)
        {
            view = own;
        }
    }
}
