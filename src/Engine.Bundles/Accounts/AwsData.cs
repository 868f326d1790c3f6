using System.Collections.Immutable;
using System.Text;
using Engine.Catalog;

namespace Engine.Bundles.Accounts;

/// <summary>
/// The one place that reads the bundled AWS data: the AWS managed policies and the IAM action
/// catalog, embedded in <c>Engine.Catalog</c> (the repository's <c>data/</c>) and loaded on first
/// use, so a server whose bundle attaches no AWS managed policy never pays for them.
/// </summary>
internal static class AwsData
{
    /// <summary>Where the bundled managed policies come from, for error messages.</summary>
    public static string ManagedPolicyLocation =>
        $"the AWS managed policies bundled with the engine ({CatalogSnapshot.ManagedPoliciesPackage}, snapshot {CatalogSnapshot.ManagedPoliciesDate:yyyy-MM-dd})";

    /// <summary>The document of an AWS managed policy in the bundled copy (current or deprecated).</summary>
    /// <param name="name">The policy name (the last segment of <c>arn:aws:iam::aws:policy/[path/]NAME</c>).</param>
    /// <param name="origin">Where the document comes from, for error messages.</param>
    /// <param name="utf8Json">The policy document.</param>
    /// <returns>False when the bundled copy does not have the policy.</returns>
    public static bool TryReadManagedPolicy(string name, out string origin, out byte[] utf8Json)
    {
        origin = $"{name} in {ManagedPolicyLocation}";
        if (!AwsManagedPolicies.TryGetByName(name, out ManagedPolicy? policy))
        {
            utf8Json = [];
            return false;
        }

        utf8Json = Encoding.UTF8.GetBytes(policy.Document);
        return true;
    }

    /// <summary>The bundled IAM action catalog, read from the embedded service reference.</summary>
    public static ImmutableArray<CatalogAction> ReadActionCatalog() =>
        [.. ServiceReference.Actions.Select(a => new CatalogAction(a.FullName, a.ServicePrefix, a.PrimaryAccessLevel.Length == 0 ? "Unknown" : a.PrimaryAccessLevel.Trim()))];
}
