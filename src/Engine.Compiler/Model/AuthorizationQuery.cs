using System.Collections.Immutable;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Model;

/// <summary>
/// One context entry (§1.4): a key and either a single value or an array of values.
/// </summary>
/// <param name="Key">The key as the caller spelt it (matched case-insensitively).</param>
/// <param name="Values">The values; exactly one when <paramref name="IsMultivalued"/> is false.</param>
/// <param name="IsMultivalued">True when the request carried an array (possibly empty).</param>
public sealed record ContextEntry(string Key, ImmutableArray<string> Values, bool IsMultivalued)
{
    // The key's atomized form, looked up on the entry's second fill (s_filledOnce after the
    // first; s_notAtomized when no set or embedder had atomized it at the look-up); not part of
    // the entry's value, so left out of equality.
    private object? _atom;

    /// <summary>The key as the caller spelt it (matched case-insensitively).</summary>
    public string Key
    {
        get;
        init
        {
            field = value;
            _atom = null;
        }
    } = Key;

    /// <summary>
    /// The key's <see cref="ConditionKey"/> if a compiled set or an embedder has atomized it, else
    /// null. Looked up once per entry, on its second use: an entry built for one request (the
    /// gateways build one per HTTP request) never pays the ignore-case look-up, which costs more
    /// than the text path it would save once; an entry asked again (a case file, an embedder's
    /// prepared query) is looked up once and then filled as static keys are. Look-up only unless
    /// <see cref="AtomizesOnReuse"/>: an entry may come from the wire (the JSON API fills a
    /// request's entries a second time when its set was still compiling), and the wire must never
    /// grow the process's table of keys. A key atomized only after the look-up stays text for this
    /// entry, which is slower, not wrong.
    /// </summary>
    internal ConditionKey? Atom
    {
        get
        {
            object? state = _atom;
            if (state is null)
            {
                _atom = s_filledOnce;
                return null;
            }

            if (ReferenceEquals(state, s_filledOnce))
            {
                state = _atom = (object?)(AtomizesOnReuse ? ConditionKey.Get(Key) : ConditionKey.Find(Key)) ?? s_notAtomized;
            }

            return state as ConditionKey;
        }
    }

    /// <summary>
    /// Whether <see cref="Atom"/> may add the key to the process's table of atomized keys (on the
    /// entry's second use) instead of only looking it up: true for entries of trusted text that
    /// is asked again and again (case files, read by <c>DecisionCaseReader</c>), as an embedder
    /// atomizes every key its service sends, never for entries built from a request on the wire.
    /// PERF (overlap-10x50 with fill): its three keys that no statement reads then skip the
    /// fingerprint and the text look-up in every fill. Not part of the entry's value.
    /// </summary>
    internal bool AtomizesOnReuse { get; init; }

    private static readonly object s_filledOnce = new();
    private static readonly object s_notAtomized = new();

    /// <inheritdoc/>
    public bool Equals(ContextEntry? other) =>
        other is not null && Key == other.Key && Values.Equals(other.Values) && IsMultivalued == other.IsMultivalued;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Key, Values, IsMultivalued);

    /// <summary>A single-valued entry.</summary>
    public static ContextEntry OneValue(string key, string value) => new(key, [value], false);

    /// <summary>A multivalued entry.</summary>
    public static ContextEntry ManyValues(string key, params string[] values) => new(key, [.. values], true);
}

/// <summary>
/// The authorization question (iam-semantics.md §1.1): principal, action, resource, optional
/// resource account, and the request context exactly as given (nothing is derived).
/// </summary>
/// <param name="Principal">The caller's ARN, service principal name or other string.</param>
/// <param name="Action"><c>service:Action</c>.</param>
/// <param name="Resource">The resource string (<c>*</c> for actions without resources).</param>
/// <param name="ResourceAccount">The account owning the resource, or null to derive it (§1.3).</param>
/// <param name="Context">The context entries.</param>
public sealed record AuthorizationQuery(
    string Principal,
    string Action,
    string Resource,
    string? ResourceAccount,
    ImmutableArray<ContextEntry> Context);
