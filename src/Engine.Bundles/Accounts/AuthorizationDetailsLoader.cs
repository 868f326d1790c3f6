using Engine.Compiler.Parsing;

namespace Engine.Bundles.Accounts;

/// <summary>
/// Loads <c>aws iam get-account-authorization-details</c> output (docs/accounts.md) as a bundle
/// source: alone (<see cref="Load(IReadOnlyList{string}, string?)"/>, one file or several pages) or named by a bundle manifest's
/// <c>authorizationDetails</c> beside its <c>organization</c> and <c>resources</c> sections.
/// </summary>
public static class AuthorizationDetailsLoader
{
    /// <summary>
    /// Loads one account's (or several accounts') authorization-details files as a bundle: every
    /// user and role with its inline, attached and group policies, boundary, tags and trust policy.
    /// No SCPs, RCPs or other resource policies: for those, name the files from a bundle manifest.
    /// </summary>
    /// <param name="files">The files (pages of one listing, or listings of several accounts).</param>
    /// <param name="managedPolicyDirectory">Where AWS managed policies missing from the files are read; null for the bundled copy.</param>
    /// <returns>The bundle, or every error with its file, JSON path and line:column.</returns>
    public static BundleLoadResult Load(IReadOnlyList<string> files, string? managedPolicyDirectory = null) =>
        Load(files, managedPolicyDirectory, keyPolicyDirectory: null);

    /// <summary>Loads the files, with the KMS key policies of a folder (<see cref="KeyPolicyFolder"/>).</summary>
    internal static BundleLoadResult Load(IReadOnlyList<string> files, string? managedPolicyDirectory, string? keyPolicyDirectory)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<BundleError>();
        var catalog = new PolicyCatalog(errors);
        var builder = new BundleBuilder();
        AddTo(null, [.. files.Select(f => new PolicyReference(f, JsonPath.Root, default))], catalog, builder, errors, managedPolicyDirectory);
        if (keyPolicyDirectory is not null)
        {
            KeyPolicyFolder.AddTo(keyPolicyDirectory, catalog, builder, errors);
        }

        return BundleLoader.Finish(builder, catalog, [], errors);
    }

    // Reads the files into the builder, after the manifest's organization and resources. The names
    // are relative to bundleDirectory, or paths given by the user when it is null.
    internal static void AddTo(string? bundleDirectory, IReadOnlyList<PolicyReference> files, PolicyCatalog catalog, BundleBuilder builder, List<BundleError> errors, string? managedPolicyDirectory = null)
    {
        var details = new AuthorizationDetails();
        var reader = new AuthorizationDetailsReader(details, errors);
        bool any = false;
        foreach (PolicyReference file in files)
        {
            string path = bundleDirectory is null ? file.Name : Path.Combine(bundleDirectory, file.Name);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                string where = bundleDirectory is null ? file.Name : BundleLoader.ManifestFileName;
                errors.Add(new BundleError(where, file.Path, file.Location, $"cannot read the authorization-details file {Quote.User(file.Name)}: {e.Message}"));
                continue;
            }

            catalog.RecordFile("authorizationDetails/" + file.Name, bytes);
            any |= reader.Read(file.Name, bytes);
        }

        if (any && reader.AllTruncated)
        {
            (string name, string path, Engine.Compiler.Model.SourceLocation location) = reader.LastTruncated;
            errors.Add(new BundleError(name, path, location, "every page given says `IsTruncated: true`: the last page is missing (give every page, or let the AWS CLI paginate, which it does by default)"));
        }

        var store = new ManagedPolicyStore(managedPolicyDirectory);
        new AccountResolver(details, catalog, builder, errors, store).Resolve();
    }
}
