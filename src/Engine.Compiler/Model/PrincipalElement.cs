using System.Collections.Immutable;

namespace Engine.Compiler.Model;

/// <summary>The member of a <c>Principal</c> map an entry was listed under (§8.1).</summary>
public enum PrincipalType : byte
{
    /// <summary><c>"AWS"</c>: accounts, users, roles, sessions, or <c>*</c>.</summary>
    Aws = 0,

    /// <summary><c>"Service"</c>: a service principal name.</summary>
    Service = 1,

    /// <summary><c>"Federated"</c>: a SAML or OIDC provider.</summary>
    Federated = 2,

    /// <summary><c>"CanonicalUser"</c>: an S3 canonical user id.</summary>
    CanonicalUser = 3,
}

/// <summary>One principal entry, e.g. <c>{"AWS": "111122223333"}</c> gives (Aws, "111122223333").</summary>
/// <param name="Type">The map member it was listed under.</param>
/// <param name="Value">The entry text.</param>
public readonly record struct PrincipalEntry(PrincipalType Type, string Value);

/// <summary>
/// A <c>Principal</c> or <c>NotPrincipal</c> element (§8). The string form <c>"*"</c> is
/// represented as one <c>(Aws, "*")</c> entry, since the two mean the same (§8.1).
/// </summary>
/// <param name="IsNot">True for <c>NotPrincipal</c>.</param>
/// <param name="Entries">Every entry of every member, in document order.</param>
public sealed record PrincipalElement(bool IsNot, ImmutableArray<PrincipalEntry> Entries);
