using System.Collections.Immutable;
using Engine.Compiler.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Testing.Generators;

/// <summary>
/// Conditions (iam-semantics.md §7): every one of the 27 bases, <c>IfExists</c>, the
/// <c>ForAllValues:</c>/<c>ForAnyValue:</c> prefixes and <c>Null</c>, over keys that are present
/// (single or multivalued) or absent. Values are mostly taken from the request context, so that
/// conditions hold about as often as they fail.
/// </summary>
public static class ConditionGenerators
{
    private static readonly ConditionOperatorBase[] s_bases = Enum.GetValues<ConditionOperatorBase>();

    /// <summary>The family a base compares in.</summary>
    public static ValueFamily FamilyOf(ConditionOperatorBase operatorBase) => operatorBase switch
    {
        >= ConditionOperatorBase.StringEquals and <= ConditionOperatorBase.StringNotLike => ValueFamily.Text,
        >= ConditionOperatorBase.NumericEquals and <= ConditionOperatorBase.NumericGreaterThanEquals => ValueFamily.Numeric,
        >= ConditionOperatorBase.DateEquals and <= ConditionOperatorBase.DateGreaterThanEquals => ValueFamily.Date,
        ConditionOperatorBase.Bool => ValueFamily.Bool,
        ConditionOperatorBase.BinaryEquals => ValueFamily.Binary,
        ConditionOperatorBase.IpAddress or ConditionOperatorBase.NotIpAddress => ValueFamily.Ip,
        ConditionOperatorBase.Null => ValueFamily.Bool,
        _ => ValueFamily.Arn,
    };

    /// <summary>Zero to <paramref name="max"/> conditions with distinct (operator, key) pairs.</summary>
    /// <param name="context">The seed request's context.</param>
    /// <param name="min">The fewest conditions (RCP denies are conditional in practice, or they would deny everything).</param>
    /// <param name="max">The most conditions.</param>
    public static Gen<ImmutableArray<Condition>> Conditions(ImmutableArray<ContextEntry> context, int min, int max) =>
        from count in min > 0 ? Gen.Choose(min, max) : Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, Math.Max(1, max))))
        from conditions in Gen.ArrayOf(Condition(context), count)
        select conditions
            .DistinctBy(c => (c.Operator, c.Key.ToUpperInvariant()))
            .ToImmutableArray();

    /// <summary>One condition, biased toward the keys and values of <paramref name="context"/>.</summary>
    public static Gen<Condition> Condition(ImmutableArray<ContextEntry> context) =>
        from key in Gen.Elements(ContextKey.All.AsEnumerable())
        from operatorBase in Gen.Frequency(
            (6, Gen.Elements(s_bases.Where(b => FamilyOf(b) == key.Family && b != ConditionOperatorBase.Null))),
            (1, Gen.Constant(ConditionOperatorBase.Null)),
            (1, Gen.Elements(s_bases)))
        from set in operatorBase == ConditionOperatorBase.Null
            ? Gen.Constant(SetOperator.None)
            : Gen.Frequency((key.Multivalued ? 1 : 6, Gen.Constant(SetOperator.None)),
                (2, Gen.Constant(SetOperator.ForAnyValue)), (2, Gen.Constant(SetOperator.ForAllValues)))
        from ifExists in operatorBase == ConditionOperatorBase.Null ? Gen.Constant(false) : Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
        from keyText in RequestGenerators.KeySpelling(key.Key)
        let op = new ConditionOperator(set, operatorBase, ifExists)
        from opText in Gen.Frequency((8, Gen.Constant(op.ToString())), (1, TextMutations.MixCase(op.ToString())))
        from count in Gen.Frequency((5, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
        from values in Gen.ArrayOf(Value(op, key, context), count)
        select new Condition(op, opText, keyText, [.. values]);

    private static Gen<string> Value(ConditionOperator op, ContextKey key, ImmutableArray<ContextEntry> context)
    {
        if (op.Base == ConditionOperatorBase.Null)
        {
            return Gen.Frequency((4, Gen.Elements("true", "false")), (1, Gen.Elements("True", "maybe")));
        }

        ValueFamily family = FamilyOf(op.Base);
        Gen<string> pool = Gen.Elements(ValuePools.PolicyValues(family).AsEnumerable());
        ContextEntry? entry = context.FirstOrDefault(e => string.Equals(e.Key, key.Key, StringComparison.OrdinalIgnoreCase));
        if (entry is null || entry.Values.IsEmpty)
        {
            return pool;
        }

        Gen<string> fromRequest = Gen.Elements(entry.Values.AsEnumerable());
        Gen<string> derived = family switch
        {
            ValueFamily.Text when op.Base is ConditionOperatorBase.StringLike or ConditionOperatorBase.StringNotLike =>
                fromRequest.SelectMany(v => Gen.OneOf(TextMutations.StarRun(v, 0), TextMutations.ReplaceOne(v, 0, "?"), Gen.Constant(v))),
            ValueFamily.Text => fromRequest.SelectMany(v => Gen.Frequency((4, Gen.Constant(v)), (1, TextMutations.MixCase(v)))),
            ValueFamily.Arn => fromRequest.SelectMany(v => Gen.OneOf(Gen.Constant(v), TextMutations.StarRun(v, 0), TextMutations.ReplaceOne(v, 0, "?"))),
            _ => fromRequest,
        };
        return Gen.Frequency((3, derived), (2, pool));
    }
}
