using System.Numerics;
using System.Runtime.InteropServices;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// A set's <see cref="ActionPlan"/>s, built on first use of each action and recalled by later
/// requests for it: a two-way set-associative table keyed by the folded action, which doubles
/// when a third action meets a full pair of entries. Readers take no lock: a slot holds an
/// immutable plan or null, the table is replaced whole when it grows, and a racing build only
/// replaces one plan by an equal one (or is lost, and built again on a later request).
/// </summary>
/// <remarks>
/// PERF (issue #15): the candidates of an action do not depend on the rest of the request, yet
/// every decision walked the trie and cleared and scanned a bit set of all statements (on the ten
/// largest managed policies, thousands of statements, for two that apply). A recalled plan costs a
/// hash of the action and one comparison. Bounded on both sides: the table grows to at most
/// <see cref="MaxSlots"/> entries, and a set builds at most <see cref="BuildLimit"/> plans in its
/// life, so requests with ever new actions (a scan, an attack) fall back to the trie and allocate
/// nothing once the limit is reached.
/// A table of fixed size (16 entries for the seed's four statements) let three busy actions of one
/// pair replace each other's plans on every request until the set's whole budget was spent, after
/// which 13 % of the seed's decisions walked the trie (a count of builds and fallbacks, 2026-12-07);
/// growing on that conflict keeps every busy action's plan.
/// </remarks>
internal sealed class ActionPlanCache
{
    /// <summary>Plans a set builds at most; later misses are answered from the trie without a plan.</summary>
    internal const int BuildLimit = 4096;

    /// <summary>The most entries the table grows to (32 KiB of references): enough for every plan the budget allows.</summary>
    internal const int MaxSlots = 4096;

    private readonly Lock _growing = new();
    private ActionPlan?[] _slots;
    private int _builds;

    /// <summary>Creates the table for a set of <paramref name="statementCount"/> statements.</summary>
    /// <param name="statementCount">The set's statements: a small set starts with a small table.</param>
    public ActionPlanCache(int statementCount)
    {
        // A small set has few distinct actions worth a plan; the table grows when they collide.
        int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(statementCount * 2, 16, 256));
        _slots = new ActionPlan?[slots];
    }

    /// <summary>The number of entries of the table now (what the tests observe).</summary>
    internal int SlotCount => Volatile.Read(ref _slots).Length;

    /// <summary>The plans built so far, at most <see cref="BuildLimit"/> (what the tests observe).</summary>
    internal int Builds => Math.Min(Volatile.Read(ref _builds), BuildLimit);

    /// <summary>The plan remembered for <paramref name="folded"/>, or null.</summary>
    /// <param name="folded">The case-folded action.</param>
    /// <param name="hash">Its <see cref="HashOf"/>.</param>
    public ActionPlan? Recall(ReadOnlySpan<char> folded, int hash)
    {
        // Two ways: an action may sit in its slot or in that slot's neighbour (index ^ 1), so two
        // busy actions that hash alike both keep a plan instead of replacing each other's.
        ActionPlan?[] slots = Volatile.Read(ref _slots);
        int slot = hash & (slots.Length - 1);
        return Match(Volatile.Read(ref slots[slot]), folded, hash) ?? Match(Volatile.Read(ref slots[slot ^ 1]), folded, hash);
    }

    /// <summary>Whether one more plan may be built (counts the build when it may).</summary>
    public bool TryReserveBuild() => Interlocked.Increment(ref _builds) <= BuildLimit;

    /// <summary>
    /// Remembers <paramref name="plan"/> in an empty way of its pair of slots; when both are taken,
    /// in a table twice as large (up to <see cref="MaxSlots"/>), else in place of one of the two.
    /// </summary>
    /// <param name="plan">A plan built for this set.</param>
    public void Remember(ActionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (TryPlace(Volatile.Read(ref _slots), plan))
        {
            return;
        }

        // Rare (each growth doubles the table): one grower at a time, so two cannot drop each
        // other's copies. A plan placed in the old table meanwhile may be lost; it is built again.
        lock (_growing)
        {
            ActionPlan?[] slots = _slots;
            if (TryPlace(slots, plan))
            {
                return;
            }

            if (slots.Length >= MaxSlots)
            {
                Volatile.Write(ref slots[ReplacedWay(plan.Hash, slots.Length)], plan);
                return;
            }

            Volatile.Write(ref _slots, Grown(slots, plan));
        }
    }

    // A larger table holding every plan of `slots` and `plan`, doubled until they all fit two to a
    // pair, or MaxSlots (where a plan that still finds its pair full replaces one of the pair).
    private static ActionPlan?[] Grown(ActionPlan?[] slots, ActionPlan plan)
    {
        ActionPlan[] plans = [.. slots.OfType<ActionPlan>(), plan];
        for (int length = slots.Length * 2; ; length *= 2)
        {
            var grown = new ActionPlan?[length];
            bool fits = true;
            foreach (ActionPlan p in plans)
            {
                if (!TryPlace(grown, p))
                {
                    fits = false;
                    if (length >= MaxSlots)
                    {
                        grown[ReplacedWay(p.Hash, length)] = p;
                    }
                }
            }

            if (fits || length >= MaxSlots)
            {
                return grown;
            }
        }
    }

    // Both ways of the pair are taken: the one to replace, chosen by another bit of the hash.
    private static int ReplacedWay(int hash, int length)
    {
        int slot = hash & (length - 1);
        return ((hash >> 16) & 1) == 0 ? slot : slot ^ 1;
    }

    private static bool TryPlace(ActionPlan?[] slots, ActionPlan plan)
    {
        int slot = plan.Hash & (slots.Length - 1);
        return Interlocked.CompareExchange(ref slots[slot], plan, null) is null
            || Interlocked.CompareExchange(ref slots[slot ^ 1], plan, null) is null;
    }

    private static ActionPlan? Match(ActionPlan? plan, ReadOnlySpan<char> folded, int hash) =>
        plan is not null && plan.Hash == hash && folded.SequenceEqual(plan.FoldedAction) ? plan : null;

    /// <summary>A hash of the folded action (not randomized: a collision only costs a trie walk).</summary>
    /// <param name="folded">The case-folded action.</param>
    /// <remarks>
    /// PERF (seed, ~20-character actions): eight bytes a step, the last step reading the final
    /// eight bytes again (overlapping) instead of a byte at a time, which was six more chained
    /// multiplications for a 23-character action.
    /// </remarks>
    public static int HashOf(ReadOnlySpan<char> folded)
    {
        ulong hash = (ulong)folded.Length * 0x9E37_79B9_7F4A_7C15UL;
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(folded);
        if (bytes.Length < sizeof(ulong))
        {
            foreach (byte b in bytes)
            {
                hash = (hash ^ b) * 0x0000_0100_0000_01B3UL;
            }

            return Finish(hash);
        }

        int last = bytes.Length - sizeof(ulong);
        for (int at = 0; at < last; at += sizeof(ulong))
        {
            hash = (hash ^ MemoryMarshal.Read<ulong>(bytes[at..])) * 0xFF51_AFD7_ED55_8CCDUL;
        }

        hash = (hash ^ MemoryMarshal.Read<ulong>(bytes[last..])) * 0xC4CE_B9FE_1A85_EC53UL;
        return Finish(hash);
    }

    // A product's bit k depends only on the factors' bits 0..k, so the low bits of the last
    // product never saw the action's last character (bits 48–63 of the last block): the table
    // indexes by the low bits, and S3:GET0 … S3:GET9 fell into one pair, replacing each other's
    // plans even in a table grown to its limit. Folding the high half down and multiplying once
    // more lets every bit of the result depend on every character.
    private static int Finish(ulong hash)
    {
        hash = (hash ^ (hash >> 32)) * 0xD6E8_FEB8_6659_FD93UL;
        return (int)(hash >> 32);
    }
}
