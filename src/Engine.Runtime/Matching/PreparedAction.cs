namespace Engine.Runtime.Matching;

/// <summary>Where an <c>Action</c>/<c>NotAction</c> entry goes in an action trie.</summary>
internal enum PreparedActionKind : byte
{
    /// <summary>No colon: the entry matches no action.</summary>
    None,

    /// <summary>Exactly <c>*</c>: every action.</summary>
    Any,

    /// <summary>A literal action name: the node of <see cref="PreparedAction.Key"/>.</summary>
    Exact,

    /// <summary>A literal followed only by stars: every action under the node of the key.</summary>
    Star,

    /// <summary>Wildcards inside the name: a glob checked for requests of the service whose node is the key.</summary>
    General,
}

/// <summary>
/// One <c>Action</c>/<c>NotAction</c> entry read by <see cref="ActionTrieBuilder"/> before it is
/// placed: the node key it goes under and how it matches there.
/// </summary>
/// <param name="Kind">Where it goes.</param>
/// <param name="Key">The folded node key (the service prefix with its colon for <see cref="PreparedActionKind.General"/>).</param>
/// <param name="EscapedName">The escaped name glob of a <see cref="PreparedActionKind.General"/> entry, case-folded (<see cref="CaseFolding.Fold"/>).</param>
internal readonly record struct PreparedAction(PreparedActionKind Kind, string Key, string? EscapedName);
