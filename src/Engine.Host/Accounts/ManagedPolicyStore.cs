namespace Engine.Host.Accounts;

/// <summary>
/// The bundled copy of AWS managed policies (<c>aws/managed-policies/NAME.json</c> beside the
/// executable, copied at build time from the shared corpus; docs/accounts.md): where an
/// authorization-details file attaches an AWS managed policy it does not list under <c>Policies</c>
/// (output of <c>--filter</c> without <c>AWSManagedPolicy</c>), its document comes from here.
/// </summary>
/// <param name="directory">The folder of <c>NAME.json</c> files; a missing folder holds nothing.</param>
internal sealed class ManagedPolicyStore(string directory)
{
    /// <summary>The folder beside the executable.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "aws", "managed-policies");

    /// <summary>The folder searched.</summary>
    public string Directory { get; } = directory;

    /// <summary>
    /// Whether <paramref name="arn"/> is an AWS managed policy ARN, <c>arn:P:iam::aws:policy/[path/]NAME</c>;
    /// <paramref name="name"/> is then its name.
    /// </summary>
    public static bool IsAwsManaged(string arn, out string name)
    {
        name = "";
        int colon = arn.IndexOf(":iam::aws:policy/", StringComparison.Ordinal);
        if (!arn.StartsWith("arn:", StringComparison.Ordinal) || colon < 5 || arn.AsSpan(4, colon - 4).Contains(':'))
        {
            return false;
        }

        name = arn[(arn.LastIndexOf('/') + 1)..];
        return name.Length > 0;
    }

    /// <summary>The file of an AWS managed policy, when the bundled copy has it.</summary>
    public bool TryFind(string name, out string file)
    {
        file = Path.Combine(Directory, name + ".json");
        return name.IndexOfAny(['/', '\\', '.']) < 0 && File.Exists(file);
    }
}
