using System.Collections.Concurrent;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// A condition-key name atomized once per process, as <c>System.Xml.Linq.XName</c> is: every
/// spelling of a key that is equal ignoring case (iam-semantics.md §1.4) gets the same
/// <see cref="ConditionKey"/>, so a request filled with one is matched to a policy set's keys by
/// reference instead of by comparing text. Keep one in a static field per key your service sends:
/// <code>
/// static readonly ConditionKey SourceIp = ConditionKey.Get("aws:SourceIp");
/// request.AddContext(SourceIp, "203.0.113.7");
/// </code>
/// </summary>
/// <remarks>
/// PERF (issue #15, overlap-10x50): a request of nine string keys spent about a third of a decision
/// with fill on its keys: a fingerprint of each, the duplicate-key check, and in every evaluation an
/// ignore-case comparison with the set's key of the same length and fingerprint. An atomized key
/// carries its fingerprint, and two atomized keys are the same key exactly when they are the same
/// object. The process keeps every key ever atomized: the keys its policy sets read (each set
/// atomizes its own when compiled, reloads included), the ones its embedder asks for and those
/// of the case files it read. A request's own keys from the wire are never added, so text from
/// the wire cannot grow the table.
/// </remarks>
public sealed class ConditionKey
{
    // StringComparer.OrdinalIgnoreCase is KeyText.EqualsIgnoreCase's equality, so one entry per
    // key in §1.4's sense.
    private static readonly ConcurrentDictionary<string, ConditionKey> s_keys = new(StringComparer.OrdinalIgnoreCase);

    private static int s_lastId;

    private ConditionKey(string name)
    {
        Name = name;
        Fingerprint = KeyText.Fingerprint(name);
        Id = Interlocked.Increment(ref s_lastId);
    }

    /// <summary>The key as it was first atomized in this process (any spelling of it names the same key).</summary>
    public string Name { get; }

    /// <summary>The key's <see cref="KeyText.Fingerprint"/>, computed once.</summary>
    internal int Fingerprint { get; }

    /// <summary>A number of its own, from 1 (a set's <see cref="ConditionKeyTable"/> finds the key's slot by it).</summary>
    internal int Id { get; }

    /// <summary>The atomized key named <paramref name="name"/>, equal ignoring case; added on first use.</summary>
    /// <param name="name">The key, e.g. <c>aws:SourceIp</c>.</param>
    public static ConditionKey Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_keys.TryGetValue(name, out ConditionKey? key) ? key : s_keys.GetOrAdd(name, static n => new ConditionKey(n));
    }

    /// <summary>The atomized key named <paramref name="name"/> if some set or embedder atomized it, else null; never adds.</summary>
    internal static ConditionKey? Find(string name) => s_keys.TryGetValue(name, out ConditionKey? key) ? key : null;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
