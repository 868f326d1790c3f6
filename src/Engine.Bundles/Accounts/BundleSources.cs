namespace Engine.Bundles.Accounts;

/// <summary>
/// What <c>--bundle</c> accepts (docs/accounts.md): one bundle directory (its <c>bundle.json</c> may
/// name authorization-details files beside SCPs, RCPs and resource policies), or one or more
/// authorization-details files (pages of <c>aws iam get-account-authorization-details</c>).
/// </summary>
public static class BundleSources
{
    /// <summary>Loads the bundle the paths describe. Pure: a reloading server calls it again and swaps on success.</summary>
    /// <param name="paths">One directory, or one or more files.</param>
    /// <returns>The bundle, or every error with its file, JSON path and line:column.</returns>
    public static BundleLoadResult Load(IReadOnlyList<string> paths) => Load(paths, keyPolicyDirectory: null);

    /// <summary>
    /// Loads the bundle the paths describe, with the customer managed KMS key policies of a folder
    /// (docs/accounts.md): each <c>NAME.json</c> is the policy of the key whose id, or ARN with
    /// <c>/</c> written <c>%2F</c>, is NAME. Pure, as <see cref="Load(IReadOnlyList{string})"/>.
    /// </summary>
    /// <param name="paths">One directory, or one or more files.</param>
    /// <param name="keyPolicyDirectory">The folder of key policies, or null for none.</param>
    /// <returns>The bundle, or every error with its file, JSON path and line:column.</returns>
    public static BundleLoadResult Load(IReadOnlyList<string> paths, string? keyPolicyDirectory) => Load(paths, keyPolicyDirectory, previous: null);

    /// <summary>
    /// Loads the bundle the paths describe again (a reload): a bundle directory's policy files that
    /// did not change keep the parsed and classified form <paramref name="previous"/> holds
    /// (<see cref="BundleLoader.Load(string, Bundle?)"/>). The result is the same as a first load's.
    /// </summary>
    /// <param name="paths">One directory, or one or more files.</param>
    /// <param name="keyPolicyDirectory">The folder of key policies, or null for none.</param>
    /// <param name="previous">The bundle served until now, or null.</param>
    /// <returns>The bundle, or every error with its file, JSON path and line:column.</returns>
    public static BundleLoadResult Load(IReadOnlyList<string> paths, string? keyPolicyDirectory, Bundle? previous)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 1 && Directory.Exists(paths[0]))
        {
            return BundleLoader.Load(paths[0], keyPolicyDirectory, previous);
        }

        string? directory = paths.FirstOrDefault(Directory.Exists);
        if (directory is not null)
        {
            return new BundleLoadResult(null, [new BundleError(directory, "$", default, "give one bundle directory alone, or authorization-details files")]);
        }

        return AuthorizationDetailsLoader.Load(paths, managedPolicyDirectory: null, keyPolicyDirectory);
    }
}
