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
    /// Whether the entry's key may join the process's table of atomized keys
    /// (<see cref="ConditionKey"/>) when the entry is filled a second time, instead of only being
    /// looked up there: set it on entries your code builds from key names it fixes and asks
    /// again and again (as it would keep a <see cref="ConditionKey"/> per key it sends; case files
    /// set it), never on entries built from a request that came over the wire, since the table
    /// is never emptied. Not part of the entry's value (equality ignores it).
    /// </summary>
    /// <remarks>
    /// PERF (overlap-10x50 with fill): its three keys that no statement reads then skip the
    /// fingerprint and the text look-up in every fill.
    /// </remarks>
    public bool AtomizesOnReuse { get; init; }

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
    ImmutableArray<ContextEntry> Context)
{
    // The context as a PreparedContext, built on the query's second fill (s_filledOnce after the
    // first); not part of the query's value, so left out of equality, and dropped when Context is
    // replaced (`with`).
    private object? _prepared;

    /// <summary>The context entries.</summary>
    public ImmutableArray<ContextEntry> Context
    {
        get;
        init
        {
            field = value;
            _prepared = null;
        }
    } = Context;

    /// <summary>
    /// The context prepared for <see cref="QueryRequests.Fill(AuthorizationRequest, AuthorizationQuery)"/>,
    /// or null on the query's first fill: a query built for one request (the JSON API and the
    /// gateways build one per request) does not pay for preparing it, unless it is filled again
    /// (the gateways refill it when its set was still compiling); one asked again (a case file,
    /// an embedder's kept query, a benchmark) prepares it once, on its second fill, as its entries
    /// look their atoms up on their second use.
    /// </summary>
    /// <remarks>
    /// PERF (overlap-10x50 with fill): filling nine keys entry by entry was 27 % of a decision's
    /// samples and their strings' write barriers 5 % more; a prepared context is shared, not copied.
    /// </remarks>
    internal PreparedContext? PreparedOnReuse()
    {
        object? state = _prepared;
        if (state is PreparedContext prepared)
        {
            return prepared;
        }

        if (state is null)
        {
            _prepared = s_filledOnce;
            return null;
        }

        // INVARIANT (atoms): the context is filled exactly as entry by entry (each entry's atom as
        // its own look-up gives it, on this, at least its second use) and captured from that fill.
        var scratch = new AuthorizationRequest();
        QueryRequests.AddEntries(scratch, Context);
        prepared = PreparedContext.Capture(scratch);
        _prepared = prepared;
        return prepared;
    }

    private static readonly object s_filledOnce = new();

    /// <inheritdoc/>
    public bool Equals(AuthorizationQuery? other) =>
        other is not null
        && Principal == other.Principal
        && Action == other.Action
        && Resource == other.Resource
        && ResourceAccount == other.ResourceAccount
        && Context.Equals(other.Context);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Principal, Action, Resource, ResourceAccount, Context);
}
