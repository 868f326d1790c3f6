using System.Linq.Expressions;
using Engine.Compiler.Model;
using Engine.Runtime.Conditions;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

public static partial class PolicySetCompiler
{
    // SPEC: iam-semantics.md §7 — one condition becomes a runtime condition object whose policy
    // values were parsed here, once (the reference's EvaluateCondition), in ClassifyStatement; both
    // tiers call its IsSatisfied(request).
    // DIVERGENCE: the reference parses the policy values on every request and applies §7.3 in
    // one method; here they are parsed once and the runtime's CompiledCondition applies §7.3's
    // absent/multivalued/set rules with the same steps, so every value compares the same way.
    // SPEC: §7.3 step 1 — `Null`: each value reads as a boolean; other values match nothing.
    private static NullCondition ClassifyNullCondition(Condition condition, int slot) => new(
        slot,
        condition.Values.Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase)),
        condition.Values.Any(v => string.Equals(v, "false", StringComparison.OrdinalIgnoreCase)));

    // <condition>.IsSatisfied(request)   (Null)
    private static MethodCallExpression EmitCondition(NullCondition condition, ParameterExpression request) =>
        Expression.Call(Expression.Constant(condition), RuntimeMethods.NullIsSatisfied, request);

    // SPEC: §7.4 — the operator's family, with its policy values parsed (numbers, dates, CIDR
    // ranges, base-64) or classified (StringLike globs) once.
    private static CompiledCondition ClassifyCondition(Condition condition, PolicyDocument document, int slot, SlotTable slots)
    {
        ConditionOperator op = condition.Operator;
        var shape = new ConditionShape(slot, (byte)op.Set, op.IfExists, op.IsNegated);
        bool variables = op.AllowsVariables && document.RecognisesVariables;
        return op.Base switch
        {
            ConditionOperatorBase.StringEquals or ConditionOperatorBase.StringNotEquals =>
                new StringCondition(shape, StringComparisonMode.Equals, PolicyValues(condition, variables, glob: false, slots)),
            ConditionOperatorBase.StringEqualsIgnoreCase or ConditionOperatorBase.StringNotEqualsIgnoreCase =>
                new StringCondition(shape, StringComparisonMode.EqualsIgnoreCase, PolicyValues(condition, variables, glob: false, slots)),
            ConditionOperatorBase.StringLike or ConditionOperatorBase.StringNotLike =>
                new StringCondition(shape, StringComparisonMode.Like, PolicyValues(condition, variables, glob: true, slots)),
            ConditionOperatorBase.ArnEquals or ConditionOperatorBase.ArnLike or ConditionOperatorBase.ArnNotEquals or ConditionOperatorBase.ArnNotLike =>
                new ArnCondition(shape, PolicyValues(condition, variables, glob: true, slots)),
            ConditionOperatorBase.Bool =>
                new BoolCondition(shape, PolicyValues(condition, variables, glob: false, slots)),
            ConditionOperatorBase.BinaryEquals =>
                new BinaryCondition(shape, condition.Values.Select(BinaryLiteral.Create)),
            ConditionOperatorBase.IpAddress or ConditionOperatorBase.NotIpAddress =>
                new IpCondition(shape, condition.Values.Select(v => IpRange.TryCreate(v, out IpRange? range) ? range : null).OfType<IpRange>()),
            >= ConditionOperatorBase.NumericEquals and <= ConditionOperatorBase.NumericGreaterThanEquals =>
                new NumericCondition(shape, Comparison(op.Base), condition.Values.Select(v => NumericLiteral.TryCreate(v, out NumericLiteral? n) ? n : null).OfType<NumericLiteral>()),
            >= ConditionOperatorBase.DateEquals and <= ConditionOperatorBase.DateGreaterThanEquals =>
                new DateCondition(shape, Comparison(op.Base), condition.Values.Where(v => DateValue.TryParse(v, out _)).Select(v => DateValue.TryParse(v, out long t) ? t : 0)),
            _ => throw new PolicyCompileException($"condition operator `{condition.OperatorText}` has no compiled form"),
        };
    }

    // The positive twin's ordering for ordered families (negated bases compare with Equal).
    private static OrderedComparison Comparison(ConditionOperatorBase op) => op switch
    {
        ConditionOperatorBase.NumericLessThan or ConditionOperatorBase.DateLessThan => OrderedComparison.Less,
        ConditionOperatorBase.NumericLessThanEquals or ConditionOperatorBase.DateLessThanEquals => OrderedComparison.LessOrEqual,
        ConditionOperatorBase.NumericGreaterThan or ConditionOperatorBase.DateGreaterThan => OrderedComparison.Greater,
        ConditionOperatorBase.NumericGreaterThanEquals or ConditionOperatorBase.DateGreaterThanEquals => OrderedComparison.GreaterOrEqual,
        _ => OrderedComparison.Equal,
    };

    // SPEC: §6.1 — variables only for string, ARN and Bool operators of 2012-10-17 documents. A glob
    // family gets escaped patterns; the others get the text as it must compare.
    private static IEnumerable<PolicyValue> PolicyValues(Condition condition, bool variables, bool glob, SlotTable slots)
    {
        foreach (string value in condition.Values)
        {
            if (!variables)
            {
                yield return new PolicyValue(glob ? PolicyText.EscapePattern(value) : value, null);
                continue;
            }

            List<PolicyText.Piece> pieces = PolicyText.Split(value);
            if (pieces.All(p => p.Literal is not null))
            {
                string escaped = string.Concat(pieces.Select(p => p.Literal));
                yield return new PolicyValue(glob ? escaped : PolicyText.Unescape(escaped), null);
                continue;
            }

            yield return new PolicyValue(null, new ValueTemplate(pieces.Select(p => p.Literal is not null
                ? new TemplatePart(glob ? p.Literal : PolicyText.Unescape(p.Literal), 0, null)
                : new TemplatePart(null, slots.SlotOf(p.VariableKey!), p.Default))));
        }
    }
}
