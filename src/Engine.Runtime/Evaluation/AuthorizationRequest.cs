using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// One authorization question, reusable across calls: fill it from strings or UTF-8 bytes, pass it
/// to <see cref="CompiledPolicySet.Evaluate(AuthorizationRequest)"/>, then <see cref="Reset"/> it (or
/// return it to <see cref="AuthorizationRequestPool"/>). Every text is copied into one growing char
/// buffer, so a warm request allocates nothing. Not thread-safe: one request per thread at a time.
/// </summary>
/// <remarks>
/// The request context follows iam-semantics.md §1.4: a key carries one value or an array of values
/// (possibly empty), keys are matched case-insensitively, and two keys that differ only by case make
/// the request malformed.
/// </remarks>
public sealed partial class AuthorizationRequest
{
    private char[] _text = new char[512];
    private int _textLength;

    private TextRange _principal, _action, _resource, _resourceAccount;

    /// <summary>Creates an empty request.</summary>
    public AuthorizationRequest()
    {
        _rowView = _keys;
        _valueView = _values;
        _slotView = _slotEntries;
    }

    /// <summary>The caller: an ARN, a service principal name or another string (§1.2).</summary>
    public ReadOnlySpan<char> Principal => Slice(_principal);

    /// <summary>The action, <c>service:Action</c>.</summary>
    public ReadOnlySpan<char> Action => Slice(_action);

    /// <summary>The resource string (<c>*</c> for actions without resources).</summary>
    public ReadOnlySpan<char> Resource => Slice(_resource);

    /// <summary>The resource account; empty when not given (it is then derived, §1.3).</summary>
    public ReadOnlySpan<char> ResourceAccount => Slice(_resourceAccount);

    /// <summary>
    /// Clears the request for reuse, keeping its buffers. The context strings of the fill it ends
    /// stay referenced until the next fill overwrites them (those of earlier fills are dropped);
    /// <see cref="AuthorizationRequestPool.Return"/> drops them all.
    /// </summary>
    public void Reset()
    {
        _textLength = 0;
        _principal = _action = _resource = _resourceAccount = default;
        ResetContext();
    }

    /// <summary>Sets the principal.</summary>
    /// <param name="principal">The caller's ARN or name.</param>
    public void SetPrincipal(ReadOnlySpan<char> principal) => _principal = Append(principal);

    /// <summary>Sets the action.</summary>
    /// <param name="action"><c>service:Action</c>.</param>
    public void SetAction(ReadOnlySpan<char> action) => _action = Append(action);

    /// <summary>Sets the resource.</summary>
    /// <param name="resource">The resource ARN or <c>*</c>.</param>
    public void SetResource(ReadOnlySpan<char> resource) => _resource = Append(resource);

    /// <summary>Sets the resource account (empty means "derive it").</summary>
    /// <param name="account">The 12-digit account.</param>
    public void SetResourceAccount(ReadOnlySpan<char> account) => _resourceAccount = Append(account);

    /// <summary>Sets the principal; the request refers to the string instead of copying it.</summary>
    /// <param name="principal">The caller's ARN or name (null is empty).</param>
    public void SetPrincipal(string? principal) => _principal = Refer(principal);

    /// <summary>Sets the action; the request refers to the string instead of copying it.</summary>
    /// <param name="action"><c>service:Action</c> (null is empty).</param>
    public void SetAction(string? action) => _action = Refer(action);

    /// <summary>Sets the resource; the request refers to the string instead of copying it.</summary>
    /// <param name="resource">The resource ARN or <c>*</c> (null is empty).</param>
    public void SetResource(string? resource) => _resource = Refer(resource);

    /// <summary>Sets the resource account; the request refers to the string instead of copying it.</summary>
    /// <param name="account">The 12-digit account; null or empty means "derive it".</param>
    public void SetResourceAccount(string? account) => _resourceAccount = Refer(account);

    /// <summary>Sets the principal from UTF-8 bytes.</summary>
    /// <param name="utf8">The principal as UTF-8.</param>
    public void SetPrincipalUtf8(ReadOnlySpan<byte> utf8) => _principal = AppendUtf8(utf8);

    /// <summary>Sets the action from UTF-8 bytes.</summary>
    /// <param name="utf8">The action as UTF-8.</param>
    public void SetActionUtf8(ReadOnlySpan<byte> utf8) => _action = AppendUtf8(utf8);

    /// <summary>Sets the resource from UTF-8 bytes.</summary>
    /// <param name="utf8">The resource as UTF-8.</param>
    public void SetResourceUtf8(ReadOnlySpan<byte> utf8) => _resource = AppendUtf8(utf8);

    /// <summary>Sets the resource account from UTF-8 bytes.</summary>
    /// <param name="utf8">The account as UTF-8.</param>
    public void SetResourceAccountUtf8(ReadOnlySpan<byte> utf8) => _resourceAccount = AppendUtf8(utf8);

    /// <summary>
    /// A range of <see cref="_text"/>, or the whole of <paramref name="Source"/> when the text was
    /// given as a string (<paramref name="Start"/> and <paramref name="Length"/> are then unused).
    /// </summary>
    internal readonly record struct TextRange(int Start, int Length, string? Source = null);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ReadOnlySpan<char> Slice(TextRange range) =>
        range.Source is null ? _text.AsSpan(range.Start, range.Length) : range.Source;

    // PERF (issue #15, overlap-10x50): an embedder's strings are immutable, so the request refers
    // to them instead of copying them into _text (thirteen copies a decision with fill there).
    // Text given as a span (it may change after the call) or as UTF-8 is still copied.
    // PERF (overlap-10x50 with fill): the string is not read here (not even its length), so a
    // value that no statement reads is never loaded, nor is an atomized key's text (a key given
    // as text is still read once, for its fingerprint).
    private static TextRange Refer(string? value) => value is null ? default : new TextRange(0, 0, value);

    // INVARIANT (memo): results are remembered only within one evaluation, which forgets the
    // earlier ones as it begins (BeginEvaluation), so changing the text need not.
    private TextRange Append(ReadOnlySpan<char> value)
    {
        EnsureText(value.Length);
        value.CopyTo(_text.AsSpan(_textLength));
        var range = new TextRange(_textLength, value.Length);
        _textLength += value.Length;
        return range;
    }

    private TextRange AppendUtf8(ReadOnlySpan<byte> utf8)
    {
        // A UTF-8 text never has more UTF-16 units than bytes; invalid bytes become U+FFFD.
        EnsureText(utf8.Length);
        _ = Utf8.ToUtf16(utf8, _text.AsSpan(_textLength), out _, out int written, replaceInvalidSequences: true);
        var range = new TextRange(_textLength, written);
        _textLength += written;
        return range;
    }

    private void EnsureText(int extra)
    {
        if (_textLength + extra > _text.Length)
        {
            GrowText(extra);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowText(int extra)
    {
        Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + extra));
        NoteGrowth();
    }
}
