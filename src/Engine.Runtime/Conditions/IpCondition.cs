using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Conditions;

/// <summary><c>IpAddress</c>/<c>NotIpAddress</c> (iam-semantics.md §7.4): CIDR containment within one address family.</summary>
internal sealed class IpCondition : CompiledCondition
{
    private readonly IpRange[] _ranges;

    /// <summary>Creates the condition.</summary>
    /// <param name="shape">Slot and operator shape.</param>
    /// <param name="ranges">The policy ranges that parse.</param>
    public IpCondition(ConditionShape shape, IEnumerable<IpRange> ranges)
        : base(shape) => _ranges = [.. ranges];

    /// <inheritdoc/>
    protected override bool MatchesAnyPolicyValue(ReadOnlySpan<char> value, AuthorizationRequest request, out bool parsed)
    {
        parsed = IpAddressValue.TryParseAddress(value, out UInt128 address, out bool isIPv6);
        if (!parsed)
        {
            return false;
        }

        foreach (IpRange range in _ranges)
        {
            if (range.Contains(address, isIPv6))
            {
                return true;
            }
        }

        return false;
    }
}
