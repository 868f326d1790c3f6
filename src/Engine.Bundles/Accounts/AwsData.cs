namespace Engine.Bundles.Accounts;

/// <summary>
/// The one place that reads the bundled AWS data: the AWS managed policies and the IAM action
/// catalog. Today they are files copied from the shared corpus beside the executable at build time
/// (<c>aws/managed-policies/NAME.json</c>, <c>aws/iam-actions.tsv</c>; Engine.Bundles.csproj);
/// switching to data embedded in an assembly changes this class only.
/// </summary>
internal static class AwsData
{
    /// <summary>Where the bundled managed policies are, for error messages.</summary>
    public static string ManagedPolicyLocation => Path.Combine(AppContext.BaseDirectory, "aws", "managed-policies");

    private static string ActionCatalogFile => Path.Combine(AppContext.BaseDirectory, "aws", "iam-actions.tsv");

    /// <summary>The document of an AWS managed policy in the bundled copy.</summary>
    /// <param name="name">The policy name (the last segment of <c>arn:aws:iam::aws:policy/[path/]NAME</c>).</param>
    /// <param name="origin">Where the document comes from, for error messages (a file name).</param>
    /// <param name="utf8Json">The policy document.</param>
    /// <returns>False when the bundled copy does not have the policy.</returns>
    public static bool TryReadManagedPolicy(string name, out string origin, out byte[] utf8Json) =>
        ManagedPolicyStore.TryRead(ManagedPolicyLocation, name, out origin, out utf8Json);

    /// <summary>The lines of the bundled IAM action catalog, or null when it is missing.</summary>
    public static IEnumerable<string>? ReadActionCatalog() =>
        File.Exists(ActionCatalogFile) ? File.ReadLines(ActionCatalogFile) : null;
}
