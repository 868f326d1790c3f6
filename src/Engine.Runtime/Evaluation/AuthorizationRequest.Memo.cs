using System.Runtime.CompilerServices;

namespace Engine.Runtime.Evaluation;

public sealed partial class AuthorizationRequest
{
    // PERF (issue #15): in real-shaped policy sets the same resource pattern and the same condition
    // appear in many statements that share an action (overlap-10x50: 16 candidate statements per
    // request carry 27 patterns, but the 500 statements hold only 37 distinct patterns and 10
    // distinct conditions). The compiler gives each distinct atom one object (AtomInterner), each
    // object a process-unique key (MemoKeys), and the atom asks here before computing: so one
    // evaluation computes each distinct atom at most once, however many statements carry it.
    // Direct-mapped by key: a collision only recomputes. An entry packs the evaluation stamp (high
    // 32 bits), the key (bits 1–31) and the result (bit 0); a new stamp empties the table at once.
    private const int MemoEntries = 256;
    private readonly ulong[] _memo = new ulong[MemoEntries];
    private uint _memoStamp = 1;

    // Forgets every remembered result, as each evaluation begins: nothing outside an evaluation
    // reads them, so a change of the request between evaluations need not forget (PERF: the fill
    // of a request of nine keys forgot 22 times).
    private void ForgetMemo()
    {
        if (++_memoStamp == 0)
        {
            // Once in 2^32 changes: the stamps wrap, so stale entries could match; clear them.
            Array.Clear(_memo);
            _memoStamp = 1;
        }
    }

    /// <summary>Starts an evaluation: results remembered before it are not recalled.</summary>
    internal void BeginEvaluation() => ForgetMemo();

    /// <summary>The result remembered for the atom <paramref name="key"/> in this evaluation, if any.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryRecall(int key, out bool result)
    {
        ulong entry = _memo[key & (MemoEntries - 1)];
        result = (entry & 1) != 0;
        return (uint)(entry >> 32) == _memoStamp && (uint)entry >> 1 == (uint)key;
    }

    /// <summary>Remembers the atom's result for the rest of this evaluation and returns it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool Remember(int key, bool result)
    {
        _memo[key & (MemoEntries - 1)] = ((ulong)_memoStamp << 32) | ((uint)key << 1) | (result ? 1u : 0u);
        return result;
    }
}
