namespace Engine.Runtime.Matching;

/// <summary>How a <see cref="ResourcePattern"/> is matched, decided once when it is created.</summary>
internal enum GlobMode : byte
{
    /// <summary>No wildcard: ordinal equality with the literal.</summary>
    Exact = 0,

    /// <summary><c>literal*</c>: the resource starts with the literal.</summary>
    Prefix = 1,

    /// <summary><c>*literal</c> with a star free to cross colons: the resource ends with the literal.</summary>
    Suffix = 2,

    /// <summary><c>prefix*suffix</c> with a free star: starts with one, ends with the other, no overlap.</summary>
    PrefixSuffix = 3,

    /// <summary>The pattern <c>*</c> (or only stars): matches everything.</summary>
    Any = 4,

    /// <summary>
    /// Two or more stars, all free to cross colons, and no <c>?</c>: prefix, ordered infixes found
    /// leftmost-first, suffix.
    /// </summary>
    Contains = 5,

    /// <summary>
    /// Anything else (a <c>?</c>, or a star confined to its field): <see cref="ArnGlob.IsMatch"/>,
    /// or <see cref="Glob.IsMatch"/> for a <c>StringLike</c> value.
    /// </summary>
    General = 6,
}
