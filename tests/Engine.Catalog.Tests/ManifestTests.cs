using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Engine.Testing;

namespace Engine.Catalog.Tests;

/// <summary>
/// data/manifest.json records what data/ holds: a refresh (data/update.sh) that forgets to rewrite it, or a
/// hand edit of a data file, fails here. Everything is recounted from the files, not from the library.
/// </summary>
public sealed class ManifestTests
{
    private static string DataDirectory => Path.Combine(RepositoryPaths.RepositoryRoot, "data");

    private static JsonElement Manifest()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(DataDirectory, "manifest.json")));
        return doc.RootElement.Clone();
    }

    private static string[] GunzipLines(string file)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(DataDirectory, file)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Theory]
    [InlineData("managedPolicies")]
    [InlineData("serviceReference")]
    [InlineData("globalConditionKeys")]
    public void Each_file_has_the_recorded_size_and_sha256(string section)
    {
        JsonElement entry = Manifest().GetProperty(section);
        byte[] bytes = File.ReadAllBytes(Path.Combine(DataDirectory, entry.GetProperty("file").GetString()!));
        Assert.Equal(entry.GetProperty("bytes").GetInt32(), bytes.Length);
        Assert.Equal(entry.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public void Managed_policy_counts_and_snapshot_date_match_the_file()
    {
        JsonElement entry = Manifest().GetProperty("managedPolicies");
        int current = 0, deprecated = 0;
        string newest = "";
        foreach (string line in GunzipLines("aws-managed-policies.jsonl.gz"))
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement p = doc.RootElement;
            if (p.GetProperty("deprecated").GetBoolean())
            {
                deprecated++;
            }
            else
            {
                current++;
            }

            foreach (string field in new[] { "createDate", "updateDate" })
            {
                string? date = p.GetProperty(field).ValueKind == JsonValueKind.String ? p.GetProperty(field).GetString() : null;
                if (date is not null && string.CompareOrdinal(date, newest) > 0)
                {
                    newest = date;
                }
            }
        }

        Assert.Equal(entry.GetProperty("current").GetInt32(), current);
        Assert.Equal(entry.GetProperty("deprecated").GetInt32(), deprecated);
        Assert.Equal(entry.GetProperty("snapshot").GetString(), newest[..10]);
        Assert.Equal((1569, 75), (current, deprecated));
    }

    [Fact]
    public void Service_reference_counts_match_the_file()
    {
        JsonElement entry = Manifest().GetProperty("serviceReference");
        int services = 0, actions = 0, resourceTypes = 0, keys = 0;
        foreach (string line in GunzipLines("service-reference.jsonl.gz"))
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            services++;
            actions += doc.RootElement.GetProperty("actions").GetArrayLength();
            resourceTypes += doc.RootElement.GetProperty("resourceTypes").GetArrayLength();
            keys += doc.RootElement.GetProperty("conditionKeys").GetArrayLength();
        }

        Assert.Equal(entry.GetProperty("services").GetInt32(), services);
        Assert.Equal(entry.GetProperty("actions").GetInt32(), actions);
        Assert.Equal(entry.GetProperty("resourceTypes").GetInt32(), resourceTypes);
        Assert.Equal(entry.GetProperty("serviceConditionKeys").GetInt32(), keys);
    }

    [Fact]
    public void Global_key_count_matches_the_file()
    {
        int rows = File.ReadAllLines(Path.Combine(DataDirectory, "condition-keys.tsv")).Count(l => l.Length > 0);
        Assert.Equal(Manifest().GetProperty("globalConditionKeys").GetProperty("keys").GetInt32(), rows);
    }

    [Fact]
    public void The_library_reports_the_manifest_dates_and_packages()
    {
        JsonElement manifest = Manifest();
        Assert.Equal(manifest.GetProperty("managedPolicies").GetProperty("package").GetString(), CatalogSnapshot.ManagedPoliciesPackage);
        Assert.Equal(manifest.GetProperty("serviceReference").GetProperty("package").GetString(), CatalogSnapshot.ServiceReferencePackage);
        Assert.Equal(manifest.GetProperty("managedPolicies").GetProperty("snapshot").GetString(), CatalogSnapshot.ManagedPoliciesDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(manifest.GetProperty("serviceReference").GetProperty("snapshot").GetString(), CatalogSnapshot.ServiceReferenceDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }
}
