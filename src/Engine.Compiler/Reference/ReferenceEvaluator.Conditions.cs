using System.Collections.Immutable;
using Engine.Compiler.Model;

namespace Engine.Compiler.Reference;

public static partial class ReferenceEvaluator
{
    // SPEC: iam-semantics.md §7.1 — every condition must hold (operators AND, keys AND).
    private static bool MatchesConditions(ImmutableArray<Condition> conditions, PolicyDocument document, RequestView request) =>
        conditions.All(condition => EvaluateCondition(condition, document, request));

    // SPEC: §7.3 — evaluating one condition.
    // DIVERGENCE: policy values are parsed here on every request; the compiled engine parses them
    // once (PolicySetCompiler.ClassifyCondition) and its CompiledCondition applies the same §7.3
    // steps, so every value compares the same way.
    private static bool EvaluateCondition(Condition condition, PolicyDocument document, RequestView request)
    {
        ConditionOperator op = condition.Operator;
        bool present = request.Context.TryGetValue(condition.Key, out ContextEntry? entry);

        // SPEC: §7.3 step 1 — Null: `true` holds when the key is absent, `false` when present.
        if (op.Base == ConditionOperatorBase.Null)
        {
            return condition.Values.Any(value =>
                (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) && !present)
                || (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) && present));
        }

        // SPEC: §7.3 step 2 — the key is absent.
        if (!present)
        {
            if (op.IfExists)
            {
                return true;
            }

            return op.Set switch
            {
                SetOperator.ForAllValues => true,
                SetOperator.ForAnyValue => false,
                _ => op.IsNegated,
            };
        }

        // SPEC: §6 — resolve the policy values once (null = a variable without value).
        List<List<PatternChar>?> policyValues = condition.Values
            .Select(value => op.AllowsVariables && document.RecognisesVariables ? Substitute(value, request.Context) : Literal(value))
            .ToList();

        // SPEC: §7.3 step 3 — no set prefix: a multivalued request value never matches (D8).
        if (op.Set == SetOperator.None)
        {
            return !entry!.IsMultivalued && SingleValueHolds(op, entry.Values[0], policyValues);
        }

        // SPEC: §7.3 step 4 — set prefixes over the request values (a single string is a one-element set).
        return op.Set == SetOperator.ForAllValues
            ? entry!.Values.All(value => SingleValueHolds(op, value, policyValues))
            : entry!.Values.Any(value => SingleValueHolds(op, value, policyValues));
    }

    // SPEC: §7.3 step 3 — positive: some policy value satisfies the comparison; negated: none does
    // (NOR). §7.4 — a request value that does not parse makes both forms false. §6.4 — a null
    // policy value matches nothing, so it counts as "not equal" for a negated operator.
    private static bool SingleValueHolds(ConditionOperator op, string requestValue, List<List<PatternChar>?> policyValues)
    {
        if (!RequestValueParses(op.Base, requestValue))
        {
            return false;
        }

        bool anyMatches = policyValues.Any(policyValue => policyValue is not null && Compare(op.Base, requestValue, policyValue));
        return op.IsNegated ? !anyMatches : anyMatches;
    }

    private static bool RequestValueParses(ConditionOperatorBase op, string value) => Family(op) switch
    {
        OperatorFamily.Numeric => ReferenceValues.ParseNumber(value) is not null,
        OperatorFamily.Date => ReferenceValues.ParseDate(value) is not null,
        OperatorFamily.Bool => ReferenceValues.ParseBool(value) is not null,
        OperatorFamily.Ip => ReferenceValues.ParseAddress(value) is not null,
        OperatorFamily.Arn => IsArnShaped(value),
        _ => true,
    };

    private enum OperatorFamily { String, Numeric, Date, Bool, Binary, Ip, Arn }

    private static OperatorFamily Family(ConditionOperatorBase op) => op switch
    {
        >= ConditionOperatorBase.NumericEquals and <= ConditionOperatorBase.NumericGreaterThanEquals => OperatorFamily.Numeric,
        >= ConditionOperatorBase.DateEquals and <= ConditionOperatorBase.DateGreaterThanEquals => OperatorFamily.Date,
        ConditionOperatorBase.Bool => OperatorFamily.Bool,
        ConditionOperatorBase.BinaryEquals => OperatorFamily.Binary,
        ConditionOperatorBase.IpAddress or ConditionOperatorBase.NotIpAddress => OperatorFamily.Ip,
        >= ConditionOperatorBase.ArnEquals and <= ConditionOperatorBase.ArnNotLike => OperatorFamily.Arn,
        _ => OperatorFamily.String,
    };

    // SPEC: §7.4 — the positive comparison of each family (negated bases use their positive twin).
    private static bool Compare(ConditionOperatorBase op, string request, List<PatternChar> policyPattern)
    {
        string policy = new([.. policyPattern.Select(p => p.Char)]);
        switch (op)
        {
            case ConditionOperatorBase.StringEquals or ConditionOperatorBase.StringNotEquals:
                return request == policy;
            case ConditionOperatorBase.StringEqualsIgnoreCase or ConditionOperatorBase.StringNotEqualsIgnoreCase:
                return string.Equals(request, policy, StringComparison.OrdinalIgnoreCase);
            case ConditionOperatorBase.StringLike or ConditionOperatorBase.StringNotLike:
                // DIVERGENCE: the compiled engine classifies a fixed StringLike value once
                // (ResourcePattern.CreateStringLike: Exact, Prefix, …) and globs only the rest; each
                // mode matches exactly what this glob matches (checked against a regex oracle).
                return GlobMatches(policyPattern, request, ignoreCase: false, fieldAware: false);
            case ConditionOperatorBase.Bool:
                return ReferenceValues.ParseBool(policy) is { } p && p == ReferenceValues.ParseBool(request);
            case ConditionOperatorBase.BinaryEquals:
                return ReferenceValues.BinaryEquals(request, policy);
            case ConditionOperatorBase.IpAddress or ConditionOperatorBase.NotIpAddress:
                return ReferenceValues.IpRangeContains(policy, request);
            case >= ConditionOperatorBase.ArnEquals and <= ConditionOperatorBase.ArnNotLike:
                return ArnLikeMatches(policyPattern, request);
        }

        if (Family(op) == OperatorFamily.Numeric)
        {
            ReferenceValues.ExactNumber? requestNumber = ReferenceValues.ParseNumber(request);
            ReferenceValues.ExactNumber? policyNumber = ReferenceValues.ParseNumber(policy);
            return requestNumber is not null && policyNumber is not null
                && Ordered(op, requestNumber.Value.CompareTo(policyNumber.Value));
        }

        DateTimeOffset? requestDate = ReferenceValues.ParseDate(request);
        DateTimeOffset? policyDate = ReferenceValues.ParseDate(policy);
        return requestDate is not null && policyDate is not null && Ordered(op, requestDate.Value.CompareTo(policyDate.Value));
    }

    // Numeric and date bases: request <op> policy.
    private static bool Ordered(ConditionOperatorBase op, int comparison) => op switch
    {
        ConditionOperatorBase.NumericEquals or ConditionOperatorBase.NumericNotEquals
            or ConditionOperatorBase.DateEquals or ConditionOperatorBase.DateNotEquals => comparison == 0,
        ConditionOperatorBase.NumericLessThan or ConditionOperatorBase.DateLessThan => comparison < 0,
        ConditionOperatorBase.NumericLessThanEquals or ConditionOperatorBase.DateLessThanEquals => comparison <= 0,
        ConditionOperatorBase.NumericGreaterThan or ConditionOperatorBase.DateGreaterThan => comparison > 0,
        _ => comparison >= 0,
    };

    // SPEC: §7.4 ARN — both sides ARN-shaped, six fields; the first five are globs within the field,
    // the resource part a glob in which `*` crosses `:` and `/`.
    private static bool ArnLikeMatches(List<PatternChar> pattern, string value)
    {
        string patternText = new([.. pattern.Select(p => p.Char)]);
        if (!IsArnShaped(patternText) || !IsArnShaped(value))
        {
            return false;
        }

        List<List<PatternChar>> patternFields = SplitFields(pattern);
        string[] valueFields = value.Split(':', 6);
        for (int f = 0; f < 6; f++)
        {
            if (!GlobMatches(patternFields[f], valueFields[f], ignoreCase: false, fieldAware: false))
            {
                return false;
            }
        }

        return true;
    }

    private static List<List<PatternChar>> SplitFields(List<PatternChar> pattern)
    {
        var fields = new List<List<PatternChar>> { new() };
        foreach (PatternChar c in pattern)
        {
            if (c.Char == ':' && fields.Count < 6)
            {
                fields.Add([]);
            }
            else
            {
                fields[^1].Add(c);
            }
        }

        return fields;
    }

    // SPEC: §5.1 — starts with `arn:` and has at least five colons.
    private static bool IsArnShaped(string text) =>
        text.StartsWith("arn:", StringComparison.Ordinal) && text.Count(c => c == ':') >= 5;
}
