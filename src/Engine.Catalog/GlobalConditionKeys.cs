using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Engine.Catalog;

/// <summary>
/// The global condition keys (<c>aws:…</c>) and the cross-service keys the IAM User Guide lists with them
/// (<c>ec2:SourceInstanceArn</c>, <c>lambda:SourceFunctionArn</c>, …), with their types: data/condition-keys.tsv,
/// typed by hand from the IAM User Guide (no machine-readable source exists). Loaded on first use.
/// </summary>
public static class GlobalConditionKeys
{
    private static readonly Lazy<(IReadOnlyList<ConditionKeyDefinition> All, ConditionKeySet Set)> s_keys =
        new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every key, in file order.</summary>
    public static IReadOnlyList<ConditionKeyDefinition> All => s_keys.Value.All;

    /// <summary>Finds a key, ignoring case; templated keys (<c>aws:ResourceTag/${TagKey}</c>) match their instances.</summary>
    /// <param name="key">A key as a policy writes it.</param>
    /// <param name="definition">The key found.</param>
    public static bool TryGet(string key, [MaybeNullWhen(false)] out ConditionKeyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(key);
        return s_keys.Value.Set.TryGet(key, out definition);
    }

    /// <summary>Whether the data has been read.</summary>
    internal static bool IsLoaded => s_keys.IsValueCreated;

    private static (IReadOnlyList<ConditionKeyDefinition>, ConditionKeySet) Load()
    {
        var keys = new List<ConditionKeyDefinition>();
        foreach (string line in Encoding.UTF8.GetString(CatalogResources.Read(CatalogResources.GlobalConditionKeys)).Split('\n'))
        {
            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0)
            {
                keys.Add(new ConditionKeyDefinition(line[..tab], ConditionKeyDefinition.ParseType(line[(tab + 1)..].TrimEnd('\r'))));
            }
        }

        return (keys.AsReadOnly(), new ConditionKeySet(keys));
    }
}
