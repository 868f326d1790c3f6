using System.Collections.Immutable;

namespace Engine.Compiler.Model;

/// <summary>The base of a condition operator (iam-semantics.md §7.2).</summary>
public enum ConditionOperatorBase : byte
{
    /// <summary>Exact, case-sensitive string equality.</summary>
    StringEquals,
    /// <summary>Negated <see cref="StringEquals"/>.</summary>
    StringNotEquals,
    /// <summary>String equality ignoring case.</summary>
    StringEqualsIgnoreCase,
    /// <summary>Negated <see cref="StringEqualsIgnoreCase"/>.</summary>
    StringNotEqualsIgnoreCase,
    /// <summary>Case-sensitive glob.</summary>
    StringLike,
    /// <summary>Negated <see cref="StringLike"/>.</summary>
    StringNotLike,
    /// <summary>Numeric equality.</summary>
    NumericEquals,
    /// <summary>Negated <see cref="NumericEquals"/>.</summary>
    NumericNotEquals,
    /// <summary>Request &lt; policy.</summary>
    NumericLessThan,
    /// <summary>Request ≤ policy.</summary>
    NumericLessThanEquals,
    /// <summary>Request &gt; policy.</summary>
    NumericGreaterThan,
    /// <summary>Request ≥ policy.</summary>
    NumericGreaterThanEquals,
    /// <summary>Same instant.</summary>
    DateEquals,
    /// <summary>Negated <see cref="DateEquals"/>.</summary>
    DateNotEquals,
    /// <summary>Request earlier than policy.</summary>
    DateLessThan,
    /// <summary>Request earlier than or at policy.</summary>
    DateLessThanEquals,
    /// <summary>Request later than policy.</summary>
    DateGreaterThan,
    /// <summary>Request later than or at policy.</summary>
    DateGreaterThanEquals,
    /// <summary>Boolean equality.</summary>
    Bool,
    /// <summary>Equality of base-64 decoded bytes.</summary>
    BinaryEquals,
    /// <summary>Request address inside a policy range.</summary>
    IpAddress,
    /// <summary>Negated <see cref="IpAddress"/>.</summary>
    NotIpAddress,
    /// <summary>Field-wise ARN glob (same as <see cref="ArnLike"/>).</summary>
    ArnEquals,
    /// <summary>Field-wise ARN glob.</summary>
    ArnLike,
    /// <summary>Negated <see cref="ArnEquals"/>.</summary>
    ArnNotEquals,
    /// <summary>Negated <see cref="ArnLike"/>.</summary>
    ArnNotLike,
    /// <summary>Key presence test.</summary>
    Null,
}

/// <summary>The set prefix of a condition operator (§7.3 step 4).</summary>
public enum SetOperator : byte
{
    /// <summary>No prefix.</summary>
    None = 0,
    /// <summary><c>ForAllValues:</c></summary>
    ForAllValues = 1,
    /// <summary><c>ForAnyValue:</c></summary>
    ForAnyValue = 2,
}

/// <summary>A parsed operator name <c>[SetPrefix:]Base[IfExists]</c>.</summary>
/// <param name="Set">The set prefix.</param>
/// <param name="Base">The base operator.</param>
/// <param name="IfExists">Whether <c>IfExists</c> follows the base.</param>
public readonly record struct ConditionOperator(SetOperator Set, ConditionOperatorBase Base, bool IfExists)
{
    /// <summary>Whether the base is negated (§7.2): the request value must differ from every policy value.</summary>
    public bool IsNegated => Base is ConditionOperatorBase.StringNotEquals or ConditionOperatorBase.StringNotEqualsIgnoreCase
        or ConditionOperatorBase.StringNotLike or ConditionOperatorBase.NumericNotEquals or ConditionOperatorBase.DateNotEquals
        or ConditionOperatorBase.NotIpAddress or ConditionOperatorBase.ArnNotEquals or ConditionOperatorBase.ArnNotLike;

    /// <summary>Whether policy variables are substituted in this operator's values (§6.1).</summary>
    public bool AllowsVariables => Base is ConditionOperatorBase.StringEquals or ConditionOperatorBase.StringNotEquals
        or ConditionOperatorBase.StringEqualsIgnoreCase or ConditionOperatorBase.StringNotEqualsIgnoreCase
        or ConditionOperatorBase.StringLike or ConditionOperatorBase.StringNotLike
        or ConditionOperatorBase.ArnEquals or ConditionOperatorBase.ArnLike or ConditionOperatorBase.ArnNotEquals
        or ConditionOperatorBase.ArnNotLike or ConditionOperatorBase.Bool;

    /// <summary>The canonical spelling, e.g. <c>ForAnyValue:StringLikeIfExists</c>.</summary>
    public override string ToString()
    {
        string prefix = Set switch
        {
            SetOperator.ForAllValues => "ForAllValues:",
            SetOperator.ForAnyValue => "ForAnyValue:",
            _ => string.Empty,
        };
        return prefix + Base.ToString() + (IfExists ? "IfExists" : string.Empty);
    }
}

/// <summary>
/// One condition: an (operator, key, values) triple (§7.1). Values are the JSON texts of the
/// policy's strings, numbers or booleans (§2.6).
/// </summary>
/// <param name="Operator">The parsed operator.</param>
/// <param name="OperatorText">The operator as written in the policy.</param>
/// <param name="Key">The condition key as written (matched case-insensitively).</param>
/// <param name="Values">The policy values (OR for positive operators, NOR for negated ones).</param>
public sealed record Condition(ConditionOperator Operator, string OperatorText, string Key, ImmutableArray<string> Values);
