namespace Engine.Runtime.Evaluation;

/// <summary>
/// The candidate statements of one action in one set: the Deny candidates and the Allow
/// candidates, each in statement-id order (iam-semantics.md §17), exactly the ids the action trie
/// and the NotAction mask select for that action. Its lists are immutable and shared by every
/// thread; once the action is busy, the set may give it a compiled <see cref="FirstApplicable"/>.
/// </summary>
/// <param name="foldedAction">The case-folded action the plan was built for (its key).</param>
/// <param name="hash">The action's <see cref="ActionPlanCache"/> hash.</param>
/// <param name="denies">Deny candidates by id.</param>
/// <param name="allows">Allow candidates by id.</param>
/// <param name="afterGrant">
/// By position in <paramref name="allows"/>: where to go on once that Allow applies. Past the
/// rest of its run when its policy kind keeps only its first grant (identity, boundary, session,
/// one SCP level): a later Allow of the run could not change the decision. Else the next position.
/// </param>
internal sealed class ActionPlan(string foldedAction, int hash, int[] denies, int[] allows, int[] afterGrant)
{
    private Func<AuthorizationRequest, int, int>? _firstApplicable;
    private int _uses;
    private int _compileAsked;
    private object? _lease;

    /// <summary>The case-folded action the plan was built for (its key).</summary>
    public string FoldedAction { get; } = foldedAction;

    /// <summary>The action's <see cref="ActionPlanCache"/> hash.</summary>
    public int Hash { get; } = hash;

    /// <summary>Deny candidates by id.</summary>
    public int[] Denies { get; } = denies;

    /// <summary>Allow candidates by id.</summary>
    public int[] Allows { get; } = allows;

    /// <summary>By position in <see cref="Allows"/>: where to go on once that Allow applies.</summary>
    public int[] AfterGrant { get; } = afterGrant;

    /// <summary>Whether the set may compile this plan (no candidate has a principal; not too many).</summary>
    public bool MayCompile { get; init; }

    /// <summary>
    /// The Deny candidates then the Allow candidates, the order <see cref="FirstApplicable"/> checks
    /// them in; empty for a plan that may not be compiled (no need to hold the copy).
    /// </summary>
    public int[] Candidates => MayCompile ? field ??= [.. Denies, .. Allows] : [];

    /// <summary>
    /// Null until the set compiles one for this busy action: (request, from) → the first position
    /// of <see cref="Candidates"/> at or after <c>from</c> whose statement applies, or the count
    /// of candidates. Only for a plan whose candidates have no principal (identity-side policies).
    /// </summary>
    public Func<AuthorizationRequest, int, int>? FirstApplicable => Volatile.Read(ref _firstApplicable);

    /// <summary>Installs the compiled <see cref="FirstApplicable"/> (once; the compiler calls it).</summary>
    /// <param name="firstApplicable">The plan's checks in one straight line.</param>
    /// <param name="lease">An object to keep alive exactly as long as the plan (the compiler's count of live compiled plans), or null.</param>
    internal void Install(Func<AuthorizationRequest, int, int> firstApplicable, object? lease = null)
    {
        _lease = lease;
        Volatile.Write(ref _firstApplicable, firstApplicable);
    }

    /// <summary>
    /// Counts one decision of the plan without a compiled form; true exactly once, at the
    /// <paramref name="threshold"/>th (the caller then asks for it to be compiled).
    /// </summary>
    /// <param name="threshold">Decisions before the plan counts as busy.</param>
    /// <remarks>
    /// The count is not atomic: a lost increment only delays the request. It stops being written
    /// once the request is made, so a busy plan's line is read, not written, by every thread after.
    /// </remarks>
    internal bool NoteUse(int threshold) =>
        Volatile.Read(ref _compileAsked) == 0 && ++_uses >= threshold && Interlocked.Exchange(ref _compileAsked, 1) == 0;

    /// <summary>Lets the plan ask again after another threshold of decisions (its compile was refused for now).</summary>
    internal void AskAgainLater()
    {
        _uses = 0;
        Volatile.Write(ref _compileAsked, 0);
    }
}
