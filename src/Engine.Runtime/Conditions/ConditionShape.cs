namespace Engine.Runtime.Conditions;

/// <summary>The parts of an operator name that every family shares (iam-semantics.md §7.2, §7.3).</summary>
/// <param name="Slot">The condition key's slot in the compiled set.</param>
/// <param name="Set">0 = no prefix, 1 = <c>ForAllValues:</c>, 2 = <c>ForAnyValue:</c>.</param>
/// <param name="IfExists">Whether <c>IfExists</c> follows the base.</param>
/// <param name="Negated">Whether the base is negated.</param>
internal readonly record struct ConditionShape(int Slot, byte Set, bool IfExists, bool Negated)
{
    /// <summary>No set prefix.</summary>
    public const byte NoSet = 0;

    /// <summary><c>ForAllValues:</c>.</summary>
    public const byte ForAllValues = 1;

    /// <summary><c>ForAnyValue:</c>.</summary>
    public const byte ForAnyValue = 2;
}
