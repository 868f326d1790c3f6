namespace Engine.Testing.Bundles;

/// <summary>A bundle directory in the temp folder, deleted on dispose.</summary>
public sealed class TempBundle : IDisposable
{
    public const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
    public const string AllowS3 = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""";
    public const string DenyDelete = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}""";
    public const string BucketPolicy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}]}""";
    public const string RcpDenyS3 = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}""";

    public TempBundle(string manifest, params (string Name, string Text)[] policies)
    {
        Directory = Path.Combine(Path.GetTempPath(), "bundle-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "policies"));
        File.WriteAllText(Path.Combine(Directory, "bundle.json"), manifest);
        foreach ((string name, string text) in policies)
        {
            File.WriteAllText(Path.Combine(Directory, "policies", name + ".json"), text);
        }
    }

    public string Directory { get; }

    /// <summary>The usual policies: allow-all, allow-s3, deny-delete, bucket, rcp-deny-s3.</summary>
    public static (string, string)[] StandardPolicies =>
    [
        ("allow-all", AllowAll),
        ("allow-s3", AllowS3),
        ("deny-delete", DenyDelete),
        ("bucket", BucketPolicy),
        ("rcp-deny-s3", RcpDenyS3),
    ];

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
