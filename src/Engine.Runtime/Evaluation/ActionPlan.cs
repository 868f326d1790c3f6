namespace Engine.Runtime.Evaluation;

/// <summary>
/// The candidate statements of one action in one set: the Deny candidates and the Allow
/// candidates, each in statement-id order (iam-semantics.md §17), exactly the ids the action trie
/// and the NotAction mask select for that action. Immutable; shared by every thread.
/// </summary>
/// <param name="FoldedAction">The case-folded action the plan was built for (its key).</param>
/// <param name="Hash">The action's <see cref="ActionPlanCache"/> hash.</param>
/// <param name="Denies">Deny candidates by id.</param>
/// <param name="Allows">Allow candidates by id.</param>
/// <param name="AfterGrant">
/// By position in <paramref name="Allows"/>: where to go on once that Allow applies. Past the
/// rest of its run when its policy kind keeps only its first grant (identity, boundary, session,
/// one SCP level): a later Allow of the run could not change the decision. Else the next position.
/// </param>
internal sealed record ActionPlan(string FoldedAction, int Hash, int[] Denies, int[] Allows, int[] AfterGrant);
