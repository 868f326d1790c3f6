using System.Linq.Expressions;
using Engine.Runtime.Conditions;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

/// <summary>
/// How emitted checks compute an atom (a <c>Resource</c> pattern or a condition, one object per
/// distinct atom of a set: <see cref="AtomInterner"/>). This one goes through the request's
/// per-evaluation memo, so an atom shared by statements of different chunk delegates is computed
/// once per evaluation; a compiled plan keeps its atoms in locals instead (<see cref="PlanAtomCalls"/>).
/// </summary>
internal class AtomCalls
{
    /// <summary>The calls through the request's memo (the chunk delegates).</summary>
    public static readonly AtomCalls Remembered = new();

    /// <summary><c>ResourceMatching.IsMatch(&lt;pattern&gt;, request)</c>, through the memo.</summary>
    /// <param name="pattern">The set's object for the pattern.</param>
    /// <param name="request">The emitted method's request parameter.</param>
    public virtual Expression Pattern(ResourcePattern pattern, ParameterExpression request) =>
        Expression.Call(RuntimeMethods.ResourceIsMatch, Expression.Constant(pattern), request);

    /// <summary><c>&lt;condition&gt;.IsSatisfied(request)</c>, through the memo.</summary>
    /// <param name="condition">The set's object for the condition.</param>
    /// <param name="request">The emitted method's request parameter.</param>
    public virtual Expression Condition(CompiledCondition condition, ParameterExpression request) =>
        Expression.Call(Constant(condition), RuntimeMethods.ConditionIsSatisfied, request);

    /// <summary>
    /// The condition as a constant of its own (sealed) class. PERF (overlap-10x50 profile, 1.6 % in
    /// <c>CastHelpers.ChkCastClass</c>): the closure holds constants as objects, and a cast to the
    /// abstract <see cref="CompiledCondition"/> is a helper call where one to a sealed class is a
    /// compare of the type handle.
    /// </summary>
    /// <param name="condition">The condition.</param>
    protected static ConstantExpression Constant(CompiledCondition condition) => Expression.Constant(condition, condition.GetType());
}
