using Engine.Runtime.Matching;

namespace Engine.Bundles;

/// <summary>
/// The ARN shapes a bundle deals in (iam-semantics.md §1.2, §1.3, §5.1): parsed once with
/// allocation when the manifest is read, sliced without allocation when a request is resolved.
/// </summary>
internal static class IamArn
{
    private const string AssumedRole = "assumed-role/";

    /// <summary>
    /// Parses <c>arn:P:iam::A:{type}/path/name</c> (<paramref name="type"/> is <c>user</c> or <c>role</c>).
    /// </summary>
    public static bool TryParseIdentity(string arn, string type, out string partition, out string account, out string name)
    {
        partition = account = name = "";
        if (!TrySplit(arn, out ReadOnlySpan<char> p, out ReadOnlySpan<char> service, out ReadOnlySpan<char> region, out ReadOnlySpan<char> a, out ReadOnlySpan<char> resource)
            || !service.SequenceEqual("iam") || !region.IsEmpty || !IsAccountId(a)
            || !resource.StartsWith(type) || resource.Length <= type.Length || resource[type.Length] != '/')
        {
            return false;
        }

        int lastSlash = resource.LastIndexOf('/');
        if (lastSlash == resource.Length - 1)
        {
            return false;
        }

        partition = p.ToString();
        account = a.ToString();
        name = resource[(lastSlash + 1)..].ToString();
        return true;
    }

    /// <summary>
    /// Parses an AWS managed policy ARN, <c>arn:P:iam::aws:policy/[path/]NAME</c>; <paramref name="name"/>
    /// is then its name.
    /// </summary>
    public static bool TryParseAwsManagedPolicy(string arn, out string name)
    {
        name = "";
        if (!TrySplit(arn, out _, out ReadOnlySpan<char> service, out ReadOnlySpan<char> region, out ReadOnlySpan<char> account, out ReadOnlySpan<char> resource)
            || !service.SequenceEqual("iam") || !region.IsEmpty || !account.SequenceEqual("aws") || !resource.StartsWith("policy/"))
        {
            return false;
        }

        name = resource[(resource.LastIndexOf('/') + 1)..].ToString();
        return name.Length > 0;
    }

    /// <summary>Whether <paramref name="text"/> has the ARN shape <c>arn:P:SERVICE:REGION:ACCOUNT:RESOURCE</c>.</summary>
    public static bool IsArn(ReadOnlySpan<char> text) => TrySplit(text, out _, out _, out _, out _, out ReadOnlySpan<char> resource) && !resource.IsEmpty;

    /// <summary>Whether <paramref name="arn"/> is a role session, <c>arn:P:sts::A:assumed-role/NAME/SESSION</c>.</summary>
    public static bool IsRoleSession(ReadOnlySpan<char> arn) => TrySessionRoleKey(arn, out _);

    /// <summary>The key under which a role's sessions find it: <c>arn:P:sts::A:assumed-role/NAME</c>.</summary>
    public static string SessionRoleKey(string partition, string account, string roleName) =>
        $"arn:{partition}:sts::{account}:{AssumedRole}{roleName}";

    /// <summary>
    /// For a role session <c>arn:P:sts::A:assumed-role/NAME/SESSION</c>, the slice that names its
    /// role (everything before the last <c>/</c>); false for any other principal.
    /// </summary>
    public static bool TrySessionRoleKey(ReadOnlySpan<char> principal, out ReadOnlySpan<char> key)
    {
        key = default;
        if (!TrySplit(principal, out _, out ReadOnlySpan<char> service, out ReadOnlySpan<char> region, out ReadOnlySpan<char> account, out ReadOnlySpan<char> resource)
            || !service.SequenceEqual("sts") || !region.IsEmpty || !IsAccountId(account) || !resource.StartsWith(AssumedRole))
        {
            return false;
        }

        // SPEC: iam-semantics.md §1.2: the session ARN names the role by name only, then the session.
        ReadOnlySpan<char> roleAndSession = resource[AssumedRole.Length..];
        int slash = roleAndSession.IndexOf('/');
        if (slash <= 0 || slash == roleAndSession.Length - 1 || roleAndSession[(slash + 1)..].Contains('/'))
        {
            return false;
        }

        key = principal[..(principal.Length - roleAndSession.Length + slash)];
        return true;
    }

    /// <summary>The account field of an ARN (may be empty, as for S3); empty when the text is not an ARN.</summary>
    public static ReadOnlySpan<char> AccountOf(ReadOnlySpan<char> arn) =>
        TrySplit(arn, out _, out _, out _, out ReadOnlySpan<char> account, out _) ? account : default;

    /// <summary>For a KMS key ARN <c>arn:P:kms:REGION:ACCOUNT:key/ID</c>, the key id (not for aliases).</summary>
    public static bool TryKmsKeyId(ReadOnlySpan<char> resource, out ReadOnlySpan<char> keyId)
    {
        keyId = default;
        if (!TrySplit(resource, out _, out ReadOnlySpan<char> service, out ReadOnlySpan<char> region, out ReadOnlySpan<char> account, out ReadOnlySpan<char> rest)
            || !service.SequenceEqual("kms") || region.IsEmpty || !IsAccountId(account) || !rest.StartsWith("key/"))
        {
            return false;
        }

        keyId = rest["key/".Length..];
        return !keyId.IsEmpty && !keyId.Contains('/');
    }

    /// <summary>For an S3 object ARN <c>arn:P:s3:::bucket/key</c>, the bucket's ARN <c>arn:P:s3:::bucket</c>.</summary>
    public static bool TryS3Bucket(ReadOnlySpan<char> resource, out ReadOnlySpan<char> bucket)
    {
        bucket = default;
        if (!TrySplit(resource, out _, out ReadOnlySpan<char> service, out ReadOnlySpan<char> region, out ReadOnlySpan<char> account, out ReadOnlySpan<char> rest)
            || !service.SequenceEqual("s3") || !region.IsEmpty || !account.IsEmpty)
        {
            return false;
        }

        int slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        bucket = resource[..(resource.Length - rest.Length + slash)];
        return true;
    }

    /// <summary>Whether <paramref name="text"/> is a 12-digit account id.</summary>
    public static bool IsAccountId(ReadOnlySpan<char> text)
    {
        if (text.Length != 12)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    // arn : partition : service : region : account : resource (the resource may contain colons),
    // located by the runtime's one ARN splitter; a bundle also needs the partition and service present.
    private static bool TrySplit(
        ReadOnlySpan<char> arn,
        out ReadOnlySpan<char> partition,
        out ReadOnlySpan<char> service,
        out ReadOnlySpan<char> region,
        out ReadOnlySpan<char> account,
        out ReadOnlySpan<char> resource)
    {
        partition = service = region = account = resource = default;
        if (!ArnFields.TryParse(arn, out ArnFields fields))
        {
            return false;
        }

        partition = arn[fields.Partition];
        service = arn[fields.Service];
        if (partition.IsEmpty || service.IsEmpty)
        {
            return false;
        }

        region = arn[fields.Region];
        account = arn[fields.Account];
        resource = arn[fields.Resource];
        return true;
    }
}
