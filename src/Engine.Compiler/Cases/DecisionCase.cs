using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Cases;

/// <summary>
/// One decision case of case-format.md: a policy set, a request and the expected decision.
/// </summary>
/// <param name="Name">The case name.</param>
/// <param name="Description">Free text, or null.</param>
/// <param name="Policies">The policies, or null when the case carries none (it is then decided against a bundle).</param>
/// <param name="Query">The request.</param>
/// <param name="Expect">The expected decision, or null when the case states none.</param>
/// <param name="Source">Where the case was read: file and position.</param>
public sealed record DecisionCase(
    string Name,
    string? Description,
    PolicySet? Policies,
    AuthorizationQuery Query,
    Decision? Expect,
    string Source);
