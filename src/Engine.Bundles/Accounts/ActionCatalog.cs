using System.Collections.Immutable;

namespace Engine.Bundles.Accounts;

/// <summary>One IAM action of the catalog and its access level.</summary>
/// <param name="Action"><c>service:Action</c> as AWS spells it.</param>
/// <param name="Service">The service prefix.</param>
/// <param name="AccessLevel"><c>List</c>, <c>Read</c>, <c>Write</c>, <c>Permissions management</c> or <c>Tagging</c>.</param>
public sealed record CatalogAction(string Action, string Service, string AccessLevel);

/// <summary>
/// The IAM action catalog for <c>who-can</c> and <c>can-do</c>: the bundled service reference
/// (<c>Engine.Catalog</c>), or a file of tab-separated lines (action, access level, …) in the format of
/// <c>iam-actions.tsv</c>.
/// </summary>
public static class ActionCatalog
{
    /// <summary>The bundled catalog: every action of the embedded service reference, in its order (built once, on first use).</summary>
    public static ImmutableArray<CatalogAction> Bundled => s_bundled.Value;

    private static readonly Lazy<ImmutableArray<CatalogAction>> s_bundled = new(AwsData.ReadActionCatalog);

    /// <summary>Reads a catalog file in the same format.</summary>
    /// <param name="file">The <c>.tsv</c> file.</param>
    /// <returns>Every action, in file order.</returns>
    public static ImmutableArray<CatalogAction> Read(string file) => Parse(File.ReadLines(file));

    private static ImmutableArray<CatalogAction> Parse(IEnumerable<string> lines)
    {
        var actions = ImmutableArray.CreateBuilder<CatalogAction>();
        foreach (string line in lines)
        {
            string[] fields = line.Split('\t');
            int colon = fields[0].IndexOf(':', StringComparison.Ordinal);
            if (fields.Length < 2 || colon <= 0)
            {
                continue;
            }

            // The catalog writes "Permissions management, Write" and "Tagging, Write": the first is AWS's level.
            string level = fields[1].Split(',')[0].Trim();
            actions.Add(new CatalogAction(fields[0], fields[0][..colon], level.Length == 0 ? "Unknown" : level));
        }

        return actions.ToImmutable();
    }
}
