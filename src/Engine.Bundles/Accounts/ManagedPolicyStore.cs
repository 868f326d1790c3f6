namespace Engine.Bundles.Accounts;

/// <summary>
/// AWS managed policies for authorization-details files that attach one they do not list under
/// <c>Policies</c> (output of <c>--filter</c> without <c>AWSManagedPolicy</c>; docs/accounts.md): the
/// bundled copy (<see cref="AwsData"/>), or a folder of <c>NAME.json</c> files given by the caller.
/// </summary>
/// <param name="directory">The folder of <c>NAME.json</c> files, or null for the bundled copy; a missing folder holds nothing.</param>
internal sealed class ManagedPolicyStore(string? directory)
{
    /// <summary>Where the policies are looked for, for error messages.</summary>
    public string Location { get; } = directory ?? AwsData.ManagedPolicyLocation;

    /// <summary>
    /// Whether <paramref name="arn"/> is an AWS managed policy ARN, <c>arn:P:iam::aws:policy/[path/]NAME</c>;
    /// <paramref name="name"/> is then its name.
    /// </summary>
    public static bool IsAwsManaged(string arn, out string name) => IamArn.TryParseAwsManagedPolicy(arn, out name);

    /// <summary>The document of an AWS managed policy, when the store has it.</summary>
    /// <param name="name">The policy name.</param>
    /// <param name="origin">Where it was read, for error messages.</param>
    /// <param name="utf8Json">The document.</param>
    public bool TryRead(string name, out string origin, out byte[] utf8Json) =>
        directory is null ? AwsData.TryReadManagedPolicy(name, out origin, out utf8Json) : TryRead(directory, name, out origin, out utf8Json);

    /// <summary>The file <c>NAME.json</c> of <paramref name="folder"/>, when it exists.</summary>
    internal static bool TryRead(string folder, string name, out string origin, out byte[] utf8Json)
    {
        origin = Path.Combine(folder, name + ".json");
        utf8Json = [];
        if (name.IndexOfAny(['/', '\\', '.']) >= 0 || !File.Exists(origin))
        {
            return false;
        }

        utf8Json = File.ReadAllBytes(origin);
        return true;
    }
}
