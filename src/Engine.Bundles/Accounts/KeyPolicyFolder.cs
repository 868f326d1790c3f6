using System.Buffers;
using System.Net;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles.Accounts;

/// <summary>
/// Reads customer managed KMS key policies from a folder (<c>--key-policies DIR</c>,
/// docs/accounts.md): each <c>NAME.json</c> is the policy of one key, NAME being the key id
/// (<c>1234abcd-12ab-34cd-56ef-1234567890ab</c>, <c>mrk-…</c>) or the key ARN with its <c>/</c>
/// written <c>%2F</c> (a file name cannot hold a slash; NAME is URL-decoded). The file is what
/// <c>aws kms get-key-policy --output text</c> prints. A key's policy is the resource policy of
/// its ARN, parsed as a resource policy (amendments §A.2), like a role's trust policy.
/// </summary>
internal static class KeyPolicyFolder
{
    private static readonly SearchValues<char> s_notInKeyId = SearchValues.Create(":/*?");

    public static void AddTo(string folder, PolicyCatalog catalog, BundleBuilder builder, List<BundleError> errors)
    {
        if (!Directory.Exists(folder))
        {
            errors.Add(new BundleError(folder, JsonPath.Root, default, $"there is no key policy folder {Quote.User(folder)}"));
            return;
        }

        // Ordinal order, so the errors and the documents' ids do not depend on the file system.
        var byKeyId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            string shown = Path.Combine(folder, Path.GetFileName(file));
            string name = WebUtility.UrlDecode(Path.GetFileNameWithoutExtension(file));
            if (!TryParseKey(name, out string? arn, out string keyId))
            {
                errors.Add(new BundleError(shown, JsonPath.Root, default, $"the file name {Quote.User(name)} is neither a KMS key id nor a key ARN (`arn:PARTITION:kms:REGION:ACCOUNT:key/ID`, its `/` written `%2F`)"));
                continue;
            }

            if (byKeyId.TryGetValue(keyId, out string? other))
            {
                errors.Add(new BundleError(shown, JsonPath.Root, default, $"key {Quote.User(keyId)} already has a policy in {Quote.User(other)}; give each key's policy once"));
                continue;
            }

            byKeyId[keyId] = shown;
            if (arn is not null && builder.Resources.ContainsKey(arn))
            {
                errors.Add(new BundleError(shown, JsonPath.Root, default, $"key {Quote.User(arn)} also has an entry in `resources` of {BundleLoader.ManifestFileName}; give its key policy in one place"));
                continue;
            }

            if (Read(shown, file, catalog, errors) is not { } document)
            {
                continue;
            }

            int id = catalog.Add("key\n" + name, $"{name} key policy", PolicyKind.Resource, document);
            if (arn is not null)
            {
                builder.Resources[arn] = id;
            }
            else
            {
                builder.KeyPolicies[keyId] = id;
            }
        }
    }

    private static Engine.Compiler.Model.PolicyDocument? Read(string shown, string file, PolicyCatalog catalog, List<BundleError> errors)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new BundleError(shown, JsonPath.Root, default, $"cannot read the file: {e.Message}"));
            return null;
        }

        catalog.RecordFile("keyPolicies/" + Path.GetFileName(file), bytes);
        PolicyParseResult result = PolicyParser.Parse(bytes, PolicyKind.Resource);
        foreach (PolicyError error in result.Errors)
        {
            errors.Add(new BundleError(shown, error.Path, error.Location, $"{error.Message} (as a key policy)"));
        }

        return result.Document;
    }

    // A key ARN `arn:P:kms:R:A:key/ID`, or a bare key id (no `:` or `/`).
    private static bool TryParseKey(string name, out string? arn, out string keyId)
    {
        arn = null;
        keyId = "";
        if (IamArn.TryKmsKeyId(name, out ReadOnlySpan<char> id))
        {
            arn = name;
            keyId = id.ToString();
            return true;
        }

        if (name.Length == 0 || name.AsSpan().ContainsAny(s_notInKeyId) || name.StartsWith("alias", StringComparison.Ordinal))
        {
            return false;
        }

        keyId = name;
        return true;
    }
}
