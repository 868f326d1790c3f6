using Engine.Runtime.Conditions;
using Engine.Runtime.Matching;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// The resource and condition checks of one statement (iam-semantics.md §3) as classified runtime
/// objects. A set decides with these at once (the plain-matcher tier, no IL to build); the
/// compiler emits the same calls into one delegate per chunk of statements and promotes the set
/// to it (<see cref="CompiledPolicySet.Promote"/>).
/// </summary>
internal sealed class StatementCheck
{
    /// <summary>Creates the check.</summary>
    /// <param name="resource">The Resource/NotResource check, or null when it always holds.</param>
    /// <param name="conditions">The conditions other than <c>Null</c>, in the statement's order.</param>
    /// <param name="nullConditions">The <c>Null</c> conditions.</param>
    public StatementCheck(ResourceCheck? resource, CompiledCondition[] conditions, NullCondition[] nullConditions)
    {
        Resource = resource;
        Conditions = conditions;
        NullConditions = nullConditions;
    }

    /// <summary>The Resource/NotResource check, or null when it always holds.</summary>
    public ResourceCheck? Resource { get; }

    /// <summary>The conditions other than <c>Null</c>.</summary>
    public CompiledCondition[] Conditions { get; }

    /// <summary>The <c>Null</c> conditions.</summary>
    public NullCondition[] NullConditions { get; }

    /// <summary>Whether the statement's resource and every condition hold (§3, §7.1).</summary>
    /// <param name="request">A request whose slots are resolved.</param>
    public bool IsMatch(AuthorizationRequest request)
    {
        if (Resource is not null && !Resource.IsMatch(request))
        {
            return false;
        }

        foreach (CompiledCondition condition in Conditions)
        {
            if (!condition.IsSatisfied(request))
            {
                return false;
            }
        }

        foreach (NullCondition condition in NullConditions)
        {
            if (!condition.IsSatisfied(request))
            {
                return false;
            }
        }

        return true;
    }
}
