namespace Engine.Runtime.Evaluation;

/// <summary>
/// One statement of a compiled set: its provenance, effect, principal matcher (resource policies and
/// RCPs) the set's emitted delegates hold its resource and condition checks.
/// The action part lives in the set's action trie.
/// </summary>
internal sealed class CompiledStatement
{
    /// <summary>Creates a compiled statement.</summary>
    /// <param name="reference">Provenance for explanations.</param>
    /// <param name="isNotAction">Whether the action element is NotAction (the statement applies when its patterns do not match).</param>
    /// <param name="principal">The principal matcher, or null when the policy type has no principal element.</param>
    public CompiledStatement(StatementRef reference, bool isNotAction, PrincipalMatcher? principal)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Reference = reference;
        IsNotAction = isNotAction;
        Principal = principal;
        IsDeny = reference.Effect == Effect.Deny;
        IsEndpoint = reference.Kind == PolicyKind.VpcEndpoint;
    }

    /// <summary>Whether the statement belongs to a VPC endpoint policy (principal rules of amendments §15.6.3).</summary>
    public bool IsEndpoint { get; }

    /// <summary>Provenance.</summary>
    public StatementRef Reference { get; }

    /// <summary>Whether the statement's action element is NotAction.</summary>
    public bool IsNotAction { get; }

    /// <summary>The principal matcher, or null.</summary>
    public PrincipalMatcher? Principal { get; }


    /// <summary>Whether the effect is Deny.</summary>
    public bool IsDeny { get; }
}
