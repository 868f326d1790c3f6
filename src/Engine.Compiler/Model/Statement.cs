using System.Collections.Immutable;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Model;

/// <summary>One statement of a policy (iam-semantics.md §2.4).</summary>
/// <param name="Index">0-based index in document order.</param>
/// <param name="Sid">The <c>Sid</c>, if any.</param>
/// <param name="Effect"><c>Allow</c> or <c>Deny</c>.</param>
/// <param name="Principal">The <c>Principal</c>/<c>NotPrincipal</c> element, or null when absent.</param>
/// <param name="Action">The <c>Action</c>/<c>NotAction</c> element.</param>
/// <param name="Resource">The <c>Resource</c>/<c>NotResource</c> element, or null when absent (resource-based policies only, §5.7).</param>
/// <param name="Conditions">The conditions, one per (operator, key) pair, in document order.</param>
public sealed record Statement(
    int Index,
    string? Sid,
    Effect Effect,
    PrincipalElement? Principal,
    ActionElement Action,
    ResourceElement? Resource,
    ImmutableArray<Condition> Conditions);

/// <summary>An <c>Action</c> or <c>NotAction</c> element: its entries are alternatives (§4).</summary>
/// <param name="IsNot">True for <c>NotAction</c>.</param>
/// <param name="Patterns">The entries as written (<c>*</c> or <c>prefix:name</c> globs).</param>
public sealed record ActionElement(bool IsNot, ImmutableArray<string> Patterns);

/// <summary>A <c>Resource</c> or <c>NotResource</c> element (§5).</summary>
/// <param name="IsNot">True for <c>NotResource</c>.</param>
/// <param name="Patterns">The entries as written (ARN globs, possibly with policy variables).</param>
public sealed record ResourceElement(bool IsNot, ImmutableArray<string> Patterns);
