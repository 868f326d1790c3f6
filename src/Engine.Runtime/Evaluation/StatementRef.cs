namespace Engine.Runtime.Evaluation;

/// <summary>
/// Where a statement comes from (iam-semantics.md §17): the policy set, the policy's index within
/// it (for SCPs and RCPs: the organization level and the index within that level), the document
/// <c>Id</c>, the statement's 0-based index in document order, its <c>Sid</c> and effect.
/// </summary>
/// <param name="Kind">The policy set.</param>
/// <param name="Level">The organization level (root = 0) for SCPs and RCPs; 0 otherwise.</param>
/// <param name="PolicyIndex">The policy's index in its set (or within its level).</param>
/// <param name="StatementIndex">The statement's index in its document.</param>
/// <param name="Sid">The statement's <c>Sid</c>, if any.</param>
/// <param name="PolicyId">The document's <c>Id</c>, if any.</param>
/// <param name="Effect">The statement's effect.</param>
public sealed record StatementRef(
    PolicyKind Kind,
    int Level,
    int PolicyIndex,
    int StatementIndex,
    string? Sid,
    string? PolicyId,
    Effect Effect)
{
    /// <summary>A compact, stable text such as <c>identity[0].Statement[3] (Sid "DenyNoMfa")</c>.</summary>
    public override string ToString()
    {
        string policy = Kind is PolicyKind.Scp or PolicyKind.Rcp
            ? $"{Kind.ToCaseName()}[level {Level}][{PolicyIndex}]"
            : Kind is PolicyKind.Resource ? "resource" : $"{Kind.ToCaseName()}[{PolicyIndex}]";
        string sid = Sid is null ? string.Empty : $" (Sid \"{Sid}\")";
        return $"{policy}.Statement[{StatementIndex}]{sid} {Effect}";
    }
}
