using System.Collections.Immutable;

namespace Engine.Bundles;

/// <summary>
/// The outcome of loading a bundle: the bundle when every file is valid, otherwise every error
/// found. Never both, and never a half-built bundle.
/// </summary>
/// <param name="Bundle">The bundle; non-null exactly when <paramref name="Errors"/> is empty.</param>
/// <param name="Errors">Every error found, by file then position.</param>
public sealed record BundleLoadResult(Bundle? Bundle, ImmutableArray<BundleError> Errors)
{
    /// <summary>Whether the bundle loaded.</summary>
    public bool Success => Bundle is not null && Errors.IsDefaultOrEmpty;
}
