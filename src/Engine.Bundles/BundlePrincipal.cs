namespace Engine.Bundles;

/// <summary>A user or role of the bundle, as the resolver needs it.</summary>
/// <param name="Profile">Index of the principal's <see cref="BundleProfile"/>.</param>
/// <param name="Account">The principal's account (from its ARN).</param>
/// <param name="OwnRcpLevels">
/// Index of the RCP levels of the principal's own account, or -1: the resource account when the
/// request names none and the resource ARN has no account field (iam-semantics.md §1.3).
/// </param>
/// <param name="Facts">The principal's ARN, name, id and tags, for context derivation and listings.</param>
internal readonly record struct BundlePrincipal(int Profile, string Account, int OwnRcpLevels, PrincipalFacts Facts);
