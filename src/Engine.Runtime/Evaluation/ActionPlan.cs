namespace Engine.Runtime.Evaluation;

/// <summary>
/// The candidate statements of one action in one set: the Deny candidates and the Allow
/// candidates, each in statement-id order (iam-semantics.md §17), exactly the ids the action trie
/// and the NotAction mask select for that action, as the rows deciding reads
/// (<see cref="StatementCandidate"/>). Immutable; shared by every thread.
/// </summary>
/// <param name="FoldedAction">The case-folded action the plan was built for (its key).</param>
/// <param name="Hash">The action's <see cref="ActionPlanCache"/> hash.</param>
/// <param name="Denies">Deny candidates.</param>
/// <param name="Allows">
/// Allow candidates, each with where to go on once it applies (<see cref="StatementCandidate.AfterGrant"/>):
/// past the rest of its run when its policy kind keeps only its first grant (identity, boundary,
/// session, one SCP level), since a later Allow of the run could not change the decision; else
/// the next position.
/// </param>
internal sealed record ActionPlan(string FoldedAction, int Hash, StatementCandidate[] Denies, StatementCandidate[] Allows);
