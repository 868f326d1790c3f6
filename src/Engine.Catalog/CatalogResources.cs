using System.IO.Compression;
using System.Reflection;

namespace Engine.Catalog;

/// <summary>The embedded data files (data/ at the repository root, embedded by the project file).</summary>
internal static class CatalogResources
{
    public const string ManagedPolicies = "Engine.Catalog.aws-managed-policies.jsonl.gz";
    public const string ServiceReference = "Engine.Catalog.service-reference.jsonl.gz";
    public const string GlobalConditionKeys = "Engine.Catalog.condition-keys.tsv";
    public const string Manifest = "Engine.Catalog.manifest.json";

    /// <summary>The bytes of a resource, gunzipped when its name ends in <c>.gz</c>.</summary>
    public static byte[] Read(string name)
    {
        using Stream stream = typeof(CatalogResources).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the catalog resource `{name}` is missing from {typeof(CatalogResources).Assembly.GetName().Name}");
        using Stream source = name.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The lines of a UTF-8 JSON Lines buffer, without the line feeds.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Lines(byte[] bytes)
    {
        int start = 0;
        while (start < bytes.Length)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0)
            {
                end = bytes.Length;
            }

            if (end > start)
            {
                yield return bytes.AsMemory(start, end - start);
            }

            start = end + 1;
        }
    }

    /// <summary>The assembly that carries the data (for messages).</summary>
    public static Assembly Assembly => typeof(CatalogResources).Assembly;
}
