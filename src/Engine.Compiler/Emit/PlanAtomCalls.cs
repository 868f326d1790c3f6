using System.Linq.Expressions;
using Engine.Runtime.Conditions;
using Engine.Runtime.Evaluation;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

/// <summary>
/// The atoms of one compiled plan (<see cref="PolicySetCompiler.CompileFirstApplicable"/>),
/// computed without the request's memo: an atom that one call of the plan may meet several
/// times keeps its result in a local of the plan, one it meets once is called directly.
/// </summary>
/// <remarks>
/// PERF (overlap-10x50 with fill, profile of 2026-12-07: 10.8 % of a decision in
/// <c>ResourceMatching.IsMatch</c>, most of it the memo's loads and the call's entry): a plan
/// sees all its candidates at once, so which atoms repeat is known when it is compiled.
/// A plan is called again from a later position after an Allow applies (the next policy kind's
/// run, <see cref="ActionPlan.AfterGrant"/>); an atom met in more than one such stretch keeps
/// going through the memo, so it is still computed once per evaluation.
/// </remarks>
internal sealed class PlanAtomCalls : AtomCalls
{
    private const int NotYet = 0, Holds = 1, Fails = 2;

    private readonly Dictionary<object, AtomUse> _uses = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, ParameterExpression> _locals = new(ReferenceEqualityComparer.Instance);
    private readonly bool _rememberAll = AppContext.TryGetSwitch(PolicySetCompiler.RememberPlanAtomsSwitch, out bool all) && all;

    /// <summary>Counts the atoms of the plan's candidates, stretch by stretch.</summary>
    /// <param name="checks">The checks of the plan's candidates, by position (null: always holds).</param>
    /// <param name="stretchOf">By position: the stretch of the plan a call entered at an entry point runs through.</param>
    public PlanAtomCalls(IReadOnlyList<StatementCheck?> checks, IReadOnlyList<int> stretchOf)
    {
        for (int at = 0; at < checks.Count; at++)
        {
            if (checks[at] is not { } check)
            {
                continue;
            }

            foreach (ResourcePattern pattern in check.Resource?.Patterns ?? [])
            {
                Count(pattern, stretchOf[at]);
            }

            foreach (CompiledCondition condition in check.Conditions)
            {
                Count(condition, stretchOf[at]);
            }
        }
    }

    /// <summary>The locals of repeated atoms, declared by the plan's block.</summary>
    public IEnumerable<ParameterExpression> Locals => _locals.Values;

    /// <inheritdoc/>
    public override Expression Pattern(ResourcePattern pattern, ParameterExpression request) =>
        Once(pattern, () => base.Pattern(pattern, request), Match(pattern, request));

    // The pattern's mode, its literals in the plan's code (ResourceMatching's literal forms):
    //   Exact: IsExactly(request, "…"); Prefix: StartsWith(request, "…"); Suffix: EndsWith(request, "…");
    //   PrefixSuffix: StartsAndEndsWith(request, "…", "…"); Any: true;
    //   Contains with one infix: StartsContainsEnds(request, "…", "…", "…"); else IsMatchUnremembered(<pattern>, request).
    internal static Expression Match(ResourcePattern pattern, ParameterExpression request) => pattern.Mode switch
    {
        GlobMode.Exact => Expression.Call(RuntimeMethods.ResourceIsExactly, request, Expression.Constant(pattern.Prefix)),
        GlobMode.Prefix => Expression.Call(RuntimeMethods.ResourceStartsWith, request, Expression.Constant(pattern.Prefix)),
        GlobMode.Suffix => Expression.Call(RuntimeMethods.ResourceEndsWith, request, Expression.Constant(pattern.Suffix)),
        GlobMode.PrefixSuffix => Expression.Call(RuntimeMethods.ResourceStartsAndEndsWith, request, Expression.Constant(pattern.Prefix), Expression.Constant(pattern.Suffix)),
        GlobMode.Any => Expression.Constant(true),
        GlobMode.Contains when pattern.Infixes.Length == 1 => Expression.Call(
            RuntimeMethods.ResourceStartsContainsEnds, request, Expression.Constant(pattern.Prefix), Expression.Constant(pattern.Infixes[0]), Expression.Constant(pattern.Suffix)),
        _ => Expression.Call(RuntimeMethods.ResourceIsMatchUnremembered, Expression.Constant(pattern), request),
    };

    /// <inheritdoc/>
    public override Expression Condition(CompiledCondition condition, ParameterExpression request) =>
        Once(condition, () => base.Condition(condition, request), Expression.Call(Constant(condition), RuntimeMethods.ConditionIsSatisfiedUnremembered, request));

    // One stretch, one use: the call itself. One stretch, several uses:
    //   (known != NotYet ? known : (known = <compute> ? Holds : Fails)) == Holds
    // Several stretches: through the memo.
    private Expression Once(object atom, Func<Expression> remembered, Expression compute)
    {
        AtomUse use = _uses[atom];
        if (_rememberAll || use.Stretches > 1)
        {
            return remembered();
        }

        if (use.Count == 1)
        {
            return compute;
        }

        if (!_locals.TryGetValue(atom, out ParameterExpression? known))
        {
            known = Expression.Variable(typeof(int), $"atom{_locals.Count}");
            _locals.Add(atom, known);
        }

        Expression computed = Expression.Assign(known, Expression.Condition(compute, Expression.Constant(Holds), Expression.Constant(Fails)));
        return Expression.Equal(
            Expression.Condition(Expression.Equal(known, Expression.Constant(NotYet)), computed, known),
            Expression.Constant(Holds));
    }

    private void Count(object atom, int stretch)
    {
        _uses[atom] = _uses.TryGetValue(atom, out AtomUse use)
            ? new AtomUse(use.Count + 1, use.Stretch == stretch ? use.Stretches : use.Stretches + 1, stretch)
            : new AtomUse(1, 1, stretch);
    }

    // How often the plan meets an atom, in how many stretches, the last of them.
    private readonly record struct AtomUse(int Count, int Stretches, int Stretch);
}
