using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Emit;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles;

/// <summary>
/// Loads a policy bundle directory (docs/bundles.md): <c>bundle.json</c> plus the named documents
/// in <c>policies/</c>. A pure function of the directory's content: it returns an immutable
/// <see cref="Bundle"/> or every error found, and never changes anything outside itself, so a
/// server can load off the request path and keep its last good bundle when a load fails.
/// </summary>
public static class BundleLoader
{
    /// <summary>The manifest's file name inside a bundle directory.</summary>
    public const string ManifestFileName = "bundle.json";

    /// <summary>Loads, validates and compiles a bundle.</summary>
    /// <param name="directory">The bundle directory.</param>
    /// <returns>The bundle, or every error with its file, JSON path and line:column.</returns>
    public static BundleLoadResult Load(string directory) => Load(directory, keyPolicyDirectory: null, previous: null);

    /// <summary>
    /// Loads a bundle again (a reload): every policy file whose bytes are those <paramref name="previous"/>
    /// was loaded from keeps its parsed and classified form, so only what changed is parsed and
    /// classified. The result is the bundle <see cref="Load(string)"/> would return.
    /// </summary>
    /// <param name="directory">The bundle directory.</param>
    /// <param name="previous">The bundle loaded before, from this directory or another; null loads from scratch.</param>
    /// <returns>The bundle, or every error with its file, JSON path and line:column.</returns>
    public static BundleLoadResult Load(string directory, Bundle? previous) => Load(directory, keyPolicyDirectory: null, previous);

    /// <summary>Loads a bundle, with the KMS key policies of a folder (<see cref="Accounts.BundleSources.Load(IReadOnlyList{string}, string?)"/>).</summary>
    internal static BundleLoadResult Load(string directory, string? keyPolicyDirectory, Bundle? previous = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var errors = new List<BundleError>();
        byte[]? manifest = ReadManifest(directory, errors);
        if (manifest is null)
        {
            return Fail(errors);
        }

        if (keyPolicyDirectory is null && previous?.Manifest is { } snapshot && snapshot.Bytes.AsSpan().SequenceEqual(manifest)
            && ReloadWithSameManifest(directory, snapshot, previous) is { } reloaded)
        {
            return reloaded;
        }

        var jsonErrors = new List<PolicyError>();
        ReadOnlySpan<byte> text = manifest.AsSpan();
        if (text.StartsWith("\uFEFF"u8))
        {
            text = text[3..];
        }

        JsonNode? root = JsonTreeReader.Read(text, jsonErrors);
        errors.AddRange(jsonErrors.Select(e => new BundleError(ManifestFileName, e.Path, e.Location, e.Message)));
        if (root is null)
        {
            return Fail(errors);
        }

        var catalog = new PolicyCatalog(directory, errors, previous?.ParsedFiles);
        var builder = new BundleBuilder();
        var reader = new ManifestReader(catalog, builder, errors);
        reader.Read(root);
        if (reader.AuthorizationDetails.Count > 0)
        {
            Accounts.AuthorizationDetailsLoader.AddTo(directory, reader.AuthorizationDetails, catalog, builder, errors);
        }

        if (keyPolicyDirectory is not null)
        {
            Accounts.KeyPolicyFolder.AddTo(keyPolicyDirectory, catalog, builder, errors);
        }

        ManifestSnapshot? read = reader.AuthorizationDetails.Count == 0 && keyPolicyDirectory is null
            ? new ManifestSnapshot(manifest, builder, catalog.ResolvedDocuments())
            : null;
        return Finish(builder, catalog, manifest, errors, previous, read);
    }

    // The manifest is byte for byte the one `previous` was read from, so the reader would fill the
    // same builder, provided every document it names still resolves and parses: resolve them again
    // in id order (same ids), parse what changed, and build on the previous builder. Null when a
    // document fails: the full read then reports the error where the manifest names it.
    private static BundleLoadResult? ReloadWithSameManifest(string directory, ManifestSnapshot snapshot, Bundle previous)
    {
        var errors = new List<BundleError>();
        var catalog = new PolicyCatalog(directory, errors, previous.ParsedFiles);
        foreach ((string name, PolicyKind kind) in snapshot.Documents)
        {
            if (catalog.Resolve(new PolicyReference(name, JsonPath.Root, default), kind) < 0)
            {
                return null;
            }
        }

        catalog.ParsePending();
        if (errors.Count > 0)
        {
            return null;
        }

        BundleLoadResult result = Finish(snapshot.Builder, catalog, snapshot.Bytes, errors, previous, snapshot);
        if (result.Bundle is { } bundle)
        {
            bundle.ReusedManifest = true;
        }

        return result;
    }

    /// <summary>Checks, builds and compiles the bundle the builder holds; every error when there is one.</summary>
    internal static BundleLoadResult Finish(BundleBuilder builder, PolicyCatalog catalog, byte[] manifest, List<BundleError> errors, Bundle? previous = null, ManifestSnapshot? snapshot = null)
    {
        catalog.ParsePending();
        if (errors.Count > 0)
        {
            return Fail(errors);
        }

        Bundle bundle = builder.Build(Revision(manifest, catalog), catalog, previous?.Classified ?? new ClassifiedPolicyCache());
        bundle.CheckCompiles(builder.Resources.Values.Concat(builder.KeyPolicies.Values).Distinct(), builder.AccountRcpLevels.Values.Distinct(), builder.VpcEndpoints.Values.Distinct(), errors);
        bundle.CompileEagerly(builder.EagerKeys(), errors, previous);
        bundle.Manifest = snapshot;
        return errors.Count > 0 ? Fail(errors) : new BundleLoadResult(bundle, []);
    }

    private static byte[]? ReadManifest(string directory, List<BundleError> errors)
    {
        if (!Directory.Exists(directory))
        {
            errors.Add(new BundleError(ManifestFileName, JsonPath.Root, default, $"there is no bundle directory {Quote.User(directory)}"));
            return null;
        }

        try
        {
            return File.ReadAllBytes(Path.Combine(directory, ManifestFileName));
        }
        catch (FileNotFoundException)
        {
            errors.Add(new BundleError(ManifestFileName, JsonPath.Root, default, $"the bundle directory {Quote.User(directory)} has no {ManifestFileName}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new BundleError(ManifestFileName, JsonPath.Root, default, $"cannot read the file: {e.Message}"));
        }

        return null;
    }

    // SHA-256 over the manifest and every policy file it used, in name order; the first 8 bytes.
    private static ulong Revision(byte[] manifest, PolicyCatalog catalog)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(manifest);
        Span<byte> length = stackalloc byte[8];
        foreach ((string name, byte[]? bytes) in catalog.FilesRead.OrderBy(file => file.Key, StringComparer.Ordinal))
        {
            BinaryPrimitives.WriteInt64LittleEndian(length, bytes?.LongLength ?? -1);
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData(length);
            hash.AppendData(bytes ?? []);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return BinaryPrimitives.ReadUInt64LittleEndian(digest);
    }

    private static BundleLoadResult Fail(List<BundleError> errors)
    {
        // The manifest first, then the policy files by name; each file in text order.
        ImmutableArray<BundleError> sorted =
        [
            .. errors
                .OrderBy(e => e.File == ManifestFileName ? 0 : 1)
                .ThenBy(e => e.File, StringComparer.Ordinal)
                .ThenBy(e => e.Location.Line)
                .ThenBy(e => e.Location.Column),
        ];
        return new BundleLoadResult(null, sorted);
    }
}
