using Engine.Runtime.Conditions;
using Engine.Runtime.Matching;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// Checks a request's context against keys of known type before it is decided: a single-valued key
/// must come as one single value, and every value of a typed key must parse as its type (a Bool key
/// exactly <c>true</c> or <c>false</c> in any case; Date, Numeric, IPAddress and ARN as their
/// operators read them). Keys it does not know pass unchecked.
/// </summary>
/// <remarks>
/// <para>
/// Why: the evaluators follow iam-semantics.md §7.3 (D8), under which a value of the wrong shape makes
/// a condition false, not an error — so <c>"aws:MultiFactorAuthPresent": ["false"]</c>, <c>""</c> or
/// <c>"yes"</c> turns a <c>BoolIfExists … false</c> Deny off and lets the request through. AWS never
/// sends such values, but a sidecar's caller encodes the context itself; this check, at the
/// boundary, answers such a request as malformed instead of deciding it (fail closed). The
/// evaluators themselves keep the spec's semantics.
/// </para>
/// <para>
/// Immutable and thread-safe once built. <see cref="Check"/> allocates nothing: keys are grouped by
/// length (as <see cref="ConditionKeyTable"/> does), and values are parsed by the runtime's own
/// request-time parsers, so a value the check lets through is one the operators can read.
/// </para>
/// </remarks>
public sealed class ContextValidator
{
    private readonly TypedContextKey[] _exact;
    private readonly int[] _firstOfLength;
    private readonly TypedContextKey[] _prefixes;

    /// <summary>Builds a validator; a key listed twice (ignoring case) keeps its first type.</summary>
    /// <param name="keys">The typed keys.</param>
    public ContextValidator(IEnumerable<TypedContextKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var exact = new List<TypedContextKey>();
        var prefixes = new List<TypedContextKey>();
        var seen = new HashSet<(string, bool)>(new KeyComparer());
        foreach (TypedContextKey key in keys)
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentException.ThrowIfNullOrEmpty(key.Key, nameof(keys));
            if (seen.Add((key.Key, key.IsPrefix)))
            {
                (key.IsPrefix ? prefixes : exact).Add(key);
            }
        }

        exact.Sort((a, b) => a.Key.Length.CompareTo(b.Key.Length));
        _exact = [.. exact];
        _prefixes = [.. prefixes];
        Keys = [.. exact, .. prefixes];

        // _firstOfLength[n] .. _firstOfLength[n + 1] are the keys of length n.
        int maxLength = _exact.Length == 0 ? 0 : _exact[^1].Key.Length;
        _firstOfLength = new int[maxLength + 2];
        int row = 0;
        for (int length = 0; length <= maxLength + 1; length++)
        {
            while (row < _exact.Length && _exact[row].Key.Length < length)
            {
                row++;
            }

            _firstOfLength[length] = row;
        }
    }

    /// <summary>The keys checked.</summary>
    public IReadOnlyList<TypedContextKey> Keys { get; }

    /// <summary>
    /// Checks every context entry of <paramref name="request"/> and returns the first that does not
    /// fit its key's type, or <see cref="ContextCheck.Valid"/>. Allocates nothing.
    /// </summary>
    /// <param name="request">The filled request; it is not changed.</param>
    public ContextCheck Check(AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        int count = request.ContextCount;
        for (int entry = 0; entry < count; entry++)
        {
            TypedContextKey? key = Find(request.ContextKey(entry));
            if (key is null)
            {
                continue;
            }

            if (!key.IsMultivalued && request.IsMultivalued(entry))
            {
                return new ContextCheck(ContextViolation.NotSingleValue, entry, -1, key.Type);
            }

            if (key.Type == ContextValueType.String)
            {
                continue;
            }

            int values = request.ValueCount(entry);
            for (int value = 0; value < values; value++)
            {
                if (!IsValidValue(key.Type, request.ContextValue(entry, value)))
                {
                    return new ContextCheck(ContextViolation.InvalidValue, entry, value, key.Type);
                }
            }
        }

        return ContextCheck.Valid;
    }

    /// <summary>Whether <paramref name="value"/> is a value of <paramref name="type"/>, as the condition operators read it.</summary>
    /// <param name="type">The type.</param>
    /// <param name="value">The value as sent.</param>
    public static bool IsValidValue(ContextValueType type, ReadOnlySpan<char> value) => type switch
    {
        ContextValueType.Bool => BoolValue.TryParse(value, out _),
        ContextValueType.Date => DateValue.TryParse(value, out _),
        ContextValueType.Numeric => NumericValue.TryNormalize(value, out _, out _, out _),
        ContextValueType.IPAddress => IpAddressValue.TryParseAddress(value, out _, out _),
        ContextValueType.Arn => ArnFields.TryParse(value, out _),
        _ => true,
    };

    /// <summary>The typed key <paramref name="name"/> is, or null.</summary>
    private TypedContextKey? Find(ReadOnlySpan<char> name)
    {
        int length = name.Length;
        if ((uint)length + 1 < (uint)_firstOfLength.Length)
        {
            for (int row = _firstOfLength[length]; row < _firstOfLength[length + 1]; row++)
            {
                if (KeyText.EqualsIgnoreCase(name, _exact[row].Key))
                {
                    return _exact[row];
                }
            }
        }

        foreach (TypedContextKey prefix in _prefixes)
        {
            // A template's placeholder stands for at least one character (aws:PrincipalTag/ alone is no tag).
            if (name.Length > prefix.Key.Length && KeyText.EqualsIgnoreCase(name[..prefix.Key.Length], prefix.Key))
            {
                return prefix;
            }
        }

        return null;
    }

    private sealed class KeyComparer : IEqualityComparer<(string Key, bool IsPrefix)>
    {
        public bool Equals((string Key, bool IsPrefix) x, (string Key, bool IsPrefix) y) =>
            x.IsPrefix == y.IsPrefix && string.Equals(x.Key, y.Key, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Key, bool IsPrefix) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Key), obj.IsPrefix);
    }
}
