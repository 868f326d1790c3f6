using System.Numerics;
using System.Runtime.InteropServices;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// A set's <see cref="ActionPlan"/>s, built on first use of each action and recalled by later
/// requests for it: a two-way set-associative table keyed by the folded action. Thread-safe without locks:
/// a slot holds an immutable plan or null, and a racing build only replaces one plan by an equal one.
/// </summary>
/// <remarks>
/// PERF (issue #15): the candidates of an action do not depend on the rest of the request, yet
/// every decision walked the trie and cleared and scanned a bit set of all statements (on the ten
/// largest managed policies, thousands of statements, for two that apply). A recalled plan costs a
/// hash of the action and one comparison. Bounded on both sides: the table never grows, and a set
/// builds at most <see cref="BuildLimit"/> plans in its life, so requests with ever new actions
/// (a scan, an attack) fall back to the trie and allocate nothing once the limit is reached.
/// </remarks>
internal sealed class ActionPlanCache
{
    /// <summary>Plans a set builds at most; later misses are answered from the trie without a plan.</summary>
    internal const int BuildLimit = 4096;

    private readonly ActionPlan?[] _slots;
    private int _builds;

    /// <summary>Creates the table for a set of <paramref name="statementCount"/> statements.</summary>
    /// <param name="statementCount">The set's statements: a small set gets a small table.</param>
    public ActionPlanCache(int statementCount)
    {
        // A small set has few distinct actions worth a plan and a cheap trie walk anyway.
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(statementCount * 2, 16, 256));
        _slots = new ActionPlan?[slots];
    }

    /// <summary>The plan remembered for <paramref name="folded"/>, or null.</summary>
    /// <param name="folded">The case-folded action.</param>
    /// <param name="hash">Its <see cref="HashOf"/>.</param>
    public ActionPlan? Recall(ReadOnlySpan<char> folded, int hash)
    {
        // Two ways: an action may sit in its slot or in that slot's neighbour (index ^ 1), so two
        // busy actions that hash alike both keep a plan instead of replacing each other's.
        int slot = hash & (_slots.Length - 1);
        return Match(Volatile.Read(ref _slots[slot]), folded, hash) ?? Match(Volatile.Read(ref _slots[slot ^ 1]), folded, hash);
    }

    /// <summary>Whether one more plan may be built (counts the build when it may).</summary>
    public bool TryReserveBuild() => Interlocked.Increment(ref _builds) <= BuildLimit;

    /// <summary>Remembers <paramref name="plan"/> in an empty way of its pair of slots, else in place of one of the two.</summary>
    /// <param name="plan">A plan built for this set.</param>
    public void Remember(ActionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        int slot = plan.Hash & (_slots.Length - 1);
        if (Interlocked.CompareExchange(ref _slots[slot], plan, null) is null
            || Interlocked.CompareExchange(ref _slots[slot ^ 1], plan, null) is null)
        {
            return;
        }

        // Both ways are taken: replace one, chosen by another bit of the hash.
        Volatile.Write(ref _slots[((plan.Hash >> 16) & 1) == 0 ? slot : slot ^ 1], plan);
    }

    private static ActionPlan? Match(ActionPlan? plan, ReadOnlySpan<char> folded, int hash) =>
        plan is not null && plan.Hash == hash && folded.SequenceEqual(plan.FoldedAction) ? plan : null;

    /// <summary>A hash of the folded action (not randomized: a collision only costs a trie walk).</summary>
    /// <param name="folded">The case-folded action.</param>
    public static int HashOf(ReadOnlySpan<char> folded)
    {
        ulong hash = (ulong)folded.Length * 0x9E37_79B9_7F4A_7C15UL;
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(folded);
        while (bytes.Length >= sizeof(ulong))
        {
            hash = (hash ^ MemoryMarshal.Read<ulong>(bytes)) * 0xFF51_AFD7_ED55_8CCDUL;
            bytes = bytes[sizeof(ulong)..];
        }

        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 0x0000_0100_0000_01B3UL;
        }

        return (int)(hash ^ (hash >> 32));
    }
}
