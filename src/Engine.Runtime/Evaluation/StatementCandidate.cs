namespace Engine.Runtime.Evaluation;

/// <summary>
/// What deciding reads of one statement when the action selects it, packed in one row: its id,
/// grant kind, principal matcher and checks. A set keeps one per statement by id, and an
/// <see cref="ActionPlan"/> a copy of each of its candidates' rows in the order it visits them.
/// </summary>
/// <remarks>
/// PERF (overlap-10x50 with fill, per-block profile of Evaluate: a fifth of its own samples in the
/// Allow loop's loads): a candidate used to be read from four arrays by id (the plan's id list,
/// the principal matchers, the checks, the grant kinds) and, for an Allow, a fifth by position
/// (where to go on after its grant); now it is one sequential read of the plan's rows.
/// </remarks>
/// <param name="Id">The statement id (§17's order).</param>
/// <param name="Kind">The statement's policy kind and level.</param>
/// <param name="Principal">Its principal matcher, or null (identity-side policies have no principal).</param>
/// <param name="Check">Its resource and condition checks, or null when they always hold.</param>
/// <param name="IsEndpoint">Whether it is a VPC endpoint policy's statement (amendments §15.6.3).</param>
/// <param name="IsDeny">Whether its effect is Deny.</param>
/// <param name="AfterGrant">
/// In a plan's Allow rows: where to go on once this Allow applies (<see cref="ActionPlan"/>); 0 elsewhere.
/// </param>
internal readonly record struct StatementCandidate(
    int Id,
    CompiledPolicySet.GrantKind Kind,
    PrincipalMatcher? Principal,
    StatementCheck? Check,
    bool IsEndpoint,
    bool IsDeny,
    int AfterGrant = 0)
{
    /// <summary>The row of statement <paramref name="id"/>.</summary>
    public static StatementCandidate Of(int id, CompiledStatement statement, StatementCheck? check) =>
        new(id, new CompiledPolicySet.GrantKind(statement.Reference.Kind, statement.Reference.Level), statement.Principal, check, statement.IsEndpoint, statement.IsDeny);
}
