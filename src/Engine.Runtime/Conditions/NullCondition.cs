using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Conditions;

/// <summary><c>Null</c> (iam-semantics.md §7.3 step 1): <c>true</c> holds when the key is absent, <c>false</c> when present.</summary>
internal sealed class NullCondition
{
    private readonly int _slot;
    private readonly bool _holdsWhenAbsent, _holdsWhenPresent;

    /// <summary>Creates the condition.</summary>
    /// <param name="slot">The key's slot.</param>
    /// <param name="anyTrue">Whether some policy value reads as <c>true</c>.</param>
    /// <param name="anyFalse">Whether some policy value reads as <c>false</c>.</param>
    public NullCondition(int slot, bool anyTrue, bool anyFalse)
    {
        _slot = slot;
        _holdsWhenAbsent = anyTrue;
        _holdsWhenPresent = anyFalse;
    }

    /// <summary>Whether the condition holds.</summary>
    /// <param name="request">A request whose slots are resolved.</param>
    public bool IsSatisfied(AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.EntryOf(_slot) < 0 ? _holdsWhenAbsent : _holdsWhenPresent;
    }
}
