namespace Engine.Runtime.Evaluation;

public sealed partial class CompiledPolicySet
{
    // The walk is cached per tier: a set is immutable except for its promotion to IL.
    private long _estimatedBytes = -1;
    private bool _estimatedPromoted;

    /// <summary>
    /// An estimate of the managed heap bytes this set holds: a structural walk of every object it
    /// reaches (patterns, parsed values, the action trie, principal matchers, and the delegates'
    /// closures once promoted), each counted once, laid out as 64-bit .NET lays objects out. Machine
    /// code and IL of a promoted set are native memory and not included (docs/benchmarks.md gives
    /// the GC's own count beside it). Computed on first use, then cached.
    /// </summary>
    public long EstimatedBytes
    {
        get
        {
            bool promoted = IsPromoted;
            long bytes = Volatile.Read(ref _estimatedBytes);
            if (bytes < 0 || promoted != _estimatedPromoted)
            {
                bytes = ObjectGraphSize.Measure([this]);
                _estimatedPromoted = promoted;
                Volatile.Write(ref _estimatedBytes, bytes);
            }

            return bytes;
        }
    }

    /// <summary>
    /// Like <see cref="EstimatedBytes"/> for several sets together: what they share (a pattern or
    /// value object two sets both reach) is counted once, so this is at most the sum of theirs.
    /// </summary>
    /// <param name="sets">The sets.</param>
    public static long EstimateBytes(IEnumerable<CompiledPolicySet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        return ObjectGraphSize.Measure(sets);
    }
}
