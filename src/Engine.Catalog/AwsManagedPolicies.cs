using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Engine.Catalog;

/// <summary>
/// The AWS managed policies (data/aws-managed-policies.jsonl.gz): the current ones and the deprecated ones
/// old accounts still attach, at their default version. Read on first use, once, thread-safely; a program that
/// never asks for a managed policy never pays for them.
/// </summary>
public static class AwsManagedPolicies
{
    private static readonly Lazy<Index> s_index = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every policy (current and deprecated), ordered by name.</summary>
    public static IReadOnlyList<ManagedPolicy> All => s_index.Value.All;

    /// <summary>Finds a policy by name (exact case, as IAM names are matched).</summary>
    /// <param name="name">e.g. <c>ReadOnlyAccess</c>.</param>
    /// <param name="policy">The policy found.</param>
    public static bool TryGetByName(string name, [MaybeNullWhen(false)] out ManagedPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_index.Value.ByName.TryGetValue(name, out policy);
    }

    /// <summary>
    /// Finds a policy by ARN, <c>arn:PARTITION:iam::aws:policy/[PATH/]NAME</c> in any partition. The policy
    /// is found by its name (names of AWS managed policies are unique); the path is not compared.
    /// </summary>
    /// <param name="arn">e.g. <c>arn:aws:iam::aws:policy/service-role/AWSConfigRole</c>.</param>
    /// <param name="policy">The policy found.</param>
    public static bool TryGetByArn(string arn, [MaybeNullWhen(false)] out ManagedPolicy policy)
    {
        policy = null;
        return IsAwsManagedArn(arn, out string name) && TryGetByName(name, out policy);
    }

    /// <summary>
    /// Whether <paramref name="arn"/> is an AWS managed policy ARN, <c>arn:PARTITION:iam::aws:policy/[PATH/]NAME</c>;
    /// <paramref name="name"/> is then its name. Reads no data.
    /// </summary>
    /// <param name="arn">Any ARN.</param>
    /// <param name="name">The policy name, or empty.</param>
    public static bool IsAwsManagedArn(string arn, out string name)
    {
        ArgumentNullException.ThrowIfNull(arn);
        name = "";
        int marker = arn.IndexOf(":iam::aws:policy/", StringComparison.Ordinal);
        if (!arn.StartsWith("arn:", StringComparison.Ordinal) || marker < 5 || arn.AsSpan(4, marker - 4).Contains(':'))
        {
            return false;
        }

        name = arn[(arn.LastIndexOf('/') + 1)..];
        return name.Length > 0;
    }

    /// <summary>Whether the data has been read.</summary>
    internal static bool IsLoaded => s_index.IsValueCreated;

    private sealed record Index(IReadOnlyList<ManagedPolicy> All, Dictionary<string, ManagedPolicy> ByName);

    private static Index Load()
    {
        byte[] bytes = CatalogResources.Read(CatalogResources.ManagedPolicies);
        var all = new List<ManagedPolicy>(1700);
        var byName = new Dictionary<string, ManagedPolicy>(1700, StringComparer.Ordinal);
        foreach (ReadOnlyMemory<byte> line in CatalogResources.Lines(bytes))
        {
            ManagedPolicyLine data = JsonSerializer.Deserialize(line.Span, CatalogJsonContext.Default.ManagedPolicyLine)
                ?? throw new InvalidDataException("a null line in the embedded managed policies");
            var policy = new ManagedPolicy(data.Name, data.Arn, data.DefaultVersion, data.CreateDate, data.UpdateDate, data.Deprecated, data.Document);
            all.Add(policy);
            byName.TryAdd(policy.Name, policy);
        }

        return new Index(all.AsReadOnly(), byName);
    }
}
