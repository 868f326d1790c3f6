using Engine.Runtime.Evaluation;

namespace Engine.Protocol;

/// <summary>
/// The statement a decision rests on, as the Decision frame carries it: which policy set, the
/// organization level (SCPs and RCPs), the policy's index and the statement's index. The Sid
/// travels beside it as text.
/// </summary>
/// <param name="Kind">The policy set.</param>
/// <param name="Level">Organization level for SCPs and RCPs (0 = root), else 0; 0 to 255 on the wire.</param>
/// <param name="PolicyIndex">The policy's index in its set or level; not negative.</param>
/// <param name="StatementIndex">The statement's index in its document; not negative.</param>
public readonly record struct DecidingStatement(PolicyKind Kind, int Level, int PolicyIndex, int StatementIndex)
{
    /// <summary>The wire form of a runtime statement reference (its Sid is written separately).</summary>
    /// <param name="statement">The statement the evaluator reported.</param>
    /// <returns>The kind, level and indexes of <paramref name="statement"/>.</returns>
    public static DecidingStatement From(StatementRef statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new DecidingStatement(statement.Kind, statement.Level, statement.PolicyIndex, statement.StatementIndex);
    }
}
