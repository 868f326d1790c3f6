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
    private readonly bool _rememberAll;

    /// <summary>Counts the atoms of the plan's candidates, stretch by stretch.</summary>
    /// <param name="checks">The checks of the plan's candidates, by position (null: always holds).</param>
    /// <param name="stretchOf">
    /// By position: its stretch, the number of entry points after 0 at or before it. A call of the
    /// plan starts at an entry point and each later call of one evaluation starts past where the
    /// previous one returned, so the positions of one stretch are met by at most one call of an
    /// evaluation, and a local of that call computes an atom of the stretch once.
    /// </param>
    /// <param name="rememberAll">Every atom through the memo (<see cref="PolicySetCompiler.RememberPlanAtomsSwitch"/>).</param>
    public PlanAtomCalls(IReadOnlyList<StatementCheck?> checks, IReadOnlyList<int> stretchOf, bool rememberAll)
    {
        _rememberAll = rememberAll;
        for (int at = 0; at < checks.Count; at++)
        {
            if (checks[at] is not { } check)
            {
                continue;
            }

            // The atoms EmitStatement asks this class for: the fixed patterns and the conditions
            // other than Null (Null conditions, suffix splits and templates are emitted as they are).
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

    /// <summary>How a plan computes one of its atoms.</summary>
    internal enum AtomForm
    {
        /// <summary>Met once: the call itself.</summary>
        Direct,

        /// <summary>Met more than once, in one stretch: a local of the plan, computed at its first use.</summary>
        Local,

        /// <summary>Met in more than one stretch (or the switch is set): through the request's memo.</summary>
        Remembered,
    }

    /// <summary>The locals of repeated atoms, declared by the plan's block.</summary>
    public IEnumerable<ParameterExpression> Locals => _locals.Values;

    /// <summary>How the plan computes <paramref name="atom"/> (a pattern or a condition of its candidates).</summary>
    /// <param name="atom">The set's object for the atom.</param>
    internal AtomForm FormOf(object atom)
    {
        AtomUse use = _uses[atom];
        return _rememberAll || use.Stretches > 1 ? AtomForm.Remembered
            : use.Count == 1 ? AtomForm.Direct
            : AtomForm.Local;
    }

    /// <inheritdoc/>
    public override Expression Pattern(ResourcePattern pattern, ParameterExpression request) =>
        Use(pattern, () => base.Pattern(pattern, request), () => Match(pattern, request));

    /// <inheritdoc/>
    public override Expression Condition(CompiledCondition condition, ParameterExpression request) =>
        Use(condition, () => base.Condition(condition, request), () => Expression.Call(Constant(condition), RuntimeMethods.ConditionIsSatisfiedUnremembered, request));

    // The pattern's mode, its literals in the plan's code (ResourceMatching's literal forms):
    //   Exact: IsExactMatch(request, "…"); Prefix: IsPrefixMatch(request, "…"); Suffix: IsSuffixMatch(request, "…");
    //   PrefixSuffix: IsPrefixSuffixMatch(request, "…", "…"); Any: true;
    //   Contains with one infix: IsOneInfixMatch(request, "…", "…", "…"); else IsMatchUnremembered(<pattern>, request).
    internal static Expression Match(ResourcePattern pattern, ParameterExpression request) => pattern.Mode switch
    {
        GlobMode.Exact => Expression.Call(RuntimeMethods.ResourceIsExactMatch, request, Expression.Constant(pattern.Prefix)),
        GlobMode.Prefix => Expression.Call(RuntimeMethods.ResourceIsPrefixMatch, request, Expression.Constant(pattern.Prefix)),
        GlobMode.Suffix => Expression.Call(RuntimeMethods.ResourceIsSuffixMatch, request, Expression.Constant(pattern.Suffix)),
        GlobMode.PrefixSuffix => Expression.Call(RuntimeMethods.ResourceIsPrefixSuffixMatch, request, Expression.Constant(pattern.Prefix), Expression.Constant(pattern.Suffix)),
        GlobMode.Any => Expression.Constant(true),
        GlobMode.Contains when pattern.Infixes.Length == 1 => Expression.Call(
            RuntimeMethods.ResourceIsOneInfixMatch, request, Expression.Constant(pattern.Prefix), Expression.Constant(pattern.Infixes[0]), Expression.Constant(pattern.Suffix)),
        _ => Expression.Call(RuntimeMethods.ResourceIsMatchUnremembered, Expression.Constant(pattern), request),
    };

    // One use of the atom in its form (FormOf). Local:
    //   (known == NotYet ? (known = <compute> ? Holds : Fails) : known) == Holds
    private Expression Use(object atom, Func<Expression> remembered, Func<Expression> compute)
    {
        switch (FormOf(atom))
        {
            case AtomForm.Remembered:
                return remembered();
            case AtomForm.Direct:
                return compute();
        }

        if (!_locals.TryGetValue(atom, out ParameterExpression? known))
        {
            known = Expression.Variable(typeof(int), $"atom{_locals.Count}");
            _locals.Add(atom, known);
        }

        Expression computed = Expression.Assign(known, Expression.Condition(compute(), Expression.Constant(Holds), Expression.Constant(Fails)));
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
