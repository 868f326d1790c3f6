namespace Engine.Runtime.Evaluation;

public sealed partial class CompiledPolicySet
{
    /// <summary>
    /// Whether the statements' resource and condition checks run as emitted delegates (compiled or
    /// interpreted expression trees); false while the set decides with its plain matcher, the tier
    /// a set starts in when compiled tiered (<c>PolicySetCompiler.CompileTiered</c>).
    /// </summary>
    public bool IsPromoted => Volatile.Read(ref _predicateChunks) is not null;

    /// <summary>The checks of every statement by id (null: always holds), which the compiler emits from.</summary>
    internal IReadOnlyList<StatementCheck?> Checks => _checks;

    /// <summary>
    /// Switches the set to the emitted delegates, atomically: a request reads the tier once per
    /// statement, and either tier gives the same answer (INVARIANT (tiers agree)).
    /// </summary>
    /// <param name="predicateChunks">One delegate per <see cref="PredicateChunkSize"/> statements: (request, id % chunk size) → whether that statement's checks hold; null for a chunk without checks.</param>
    /// <param name="planCompilation">How busy action plans get their own compiled checks, or null for none (interpreted trees).</param>
    internal void Promote(Func<AuthorizationRequest, int, bool>?[] predicateChunks, PlanCompilation? planCompilation)
    {
        ArgumentNullException.ThrowIfNull(predicateChunks);
        if (predicateChunks.Length != (_checks.Length + PredicateChunkSize - 1) / PredicateChunkSize)
        {
            throw new ArgumentException($"{predicateChunks.Length} chunks for {_checks.Length} statements", nameof(predicateChunks));
        }

        // The plan compilation first: a request that sees the chunks may ask it for a plan.
        Volatile.Write(ref _planCompilation, planCompilation);
        Volatile.Write(ref _predicateChunks, predicateChunks);
    }
}
