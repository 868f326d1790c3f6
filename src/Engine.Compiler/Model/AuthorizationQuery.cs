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
    // The key's atomized form, atomized on the entry's second fill (s_filledOnce after the
    // first); not part of the entry's value, so left out of equality.
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
    /// The key's <see cref="ConditionKey"/> from the entry's second use on; null on its first.
    /// An entry built for one request (the gateways build one per HTTP request) never pays the
    /// ignore-case look-up, which costs more than the text path it would save once, and never adds
    /// its key to the process's table; an entry asked again (a case file, a bundle's derived
    /// principal keys, an embedder's prepared query) is atomized once and then filled as static
    /// keys are, including the keys no set reads (PERF, overlap-10x50: three of its nine keys,
    /// which otherwise take a fingerprint in every fill).
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
                state = _atom = ConditionKey.Get(Key);
            }

            return (ConditionKey)state;
        }
    }

    private static readonly object s_filledOnce = new();

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
