using System.Text;
using System.Text.Json;

namespace Engine.Testing.Accounts;

/// <summary>
/// Writes a realistic <c>aws iam get-account-authorization-details</c> listing, split into pages:
/// a hand-designed core (alice, bob, carol, dave, erin; the roles deployer and auditor; groups,
/// boundaries, a managed policy whose non-default version must be ignored, AWS managed policies
/// both listed and left to the bundled copy, URL-encoded documents) whose decisions are worked out
/// by hand in <c>tests/Accounts/*.cases.json</c>, plus seeded filler principals drawn from job
/// templates as real accounts are (many principals, few distinct combinations).
/// </summary>
public static partial class SyntheticAccount
{
    /// <summary>The account of every principal.</summary>
    public const string Account = "111122223333";

    private static readonly JsonWriterOptions s_indented = new() { Indented = true };

    /// <summary>The pages (JSON texts) of the listing.</summary>
    /// <param name="fillers">How many filler users and roles to add to the core.</param>
    /// <param name="pageSize">Users and roles per page.</param>
    /// <param name="seed">The random seed: the same arguments give the same pages.</param>
    public static IReadOnlyList<string> Pages(int fillers = 24, int pageSize = 12, int seed = 20_261_127)
    {
        var model = new Model();
        AddCore(model);
        AddFillers(model, fillers, new Random(seed));
        return Serialize(model, pageSize);
    }

    /// <summary>Writes the pages as <c>page-1.json</c>, … into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory, int fillers = 24, int pageSize = 12, int seed = 20_261_127)
    {
        Directory.CreateDirectory(directory);
        IReadOnlyList<string> pages = Pages(fillers, pageSize, seed);
        var paths = new List<string>();
        for (int i = 0; i < pages.Count; i++)
        {
            string path = Path.Combine(directory, $"page-{i + 1}.json");
            File.WriteAllText(path, pages[i]);
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>A document as the raw IAM API returns it: RFC 3986 percent-encoded JSON.</summary>
    public static string UrlEncode(string json) => Uri.EscapeDataString(json);

    private static string Arn(string kind, string pathAndName) => $"arn:aws:iam::{Account}:{kind}/{pathAndName}";

    private sealed class Model
    {
        public List<Entity> Policies { get; } = [];

        public List<Entity> Groups { get; } = [];

        public List<Entity> Principals { get; } = [];
    }

    // Writes one entity object with the writer; the model keeps entities as writer callbacks so the
    // pages are written in AWS's own member order and shapes.
    private sealed record Entity(string List, Action<Utf8JsonWriter> Write);

    private static List<string> Serialize(Model model, int pageSize)
    {
        var chunks = new List<List<Entity>>();
        for (int i = 0; i < model.Principals.Count; i += pageSize)
        {
            chunks.Add(model.Principals.GetRange(i, Math.Min(pageSize, model.Principals.Count - i)));
        }

        var pages = new List<string>();
        for (int page = 0; page < Math.Max(1, chunks.Count); page++)
        {
            List<Entity> entities = chunks.Count == 0 ? [] : [.. chunks[page]];
            if (page == 0)
            {
                entities.AddRange(model.Groups);
                entities.AddRange(model.Policies);
            }
            else if (page == chunks.Count - 1)
            {
                // AWS repeats nothing, but users merging files fetched twice do: an identical repeat is fine.
                entities.Add(model.Principals[0]);
            }

            bool last = page == Math.Max(1, chunks.Count) - 1;
            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, s_indented))
            {
                writer.WriteStartObject();
                foreach (string list in new[] { "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies" })
                {
                    writer.WriteStartArray(list);
                    foreach (Entity entity in entities.Where(e => e.List == list))
                    {
                        entity.Write(writer);
                    }

                    writer.WriteEndArray();
                }

                writer.WriteBoolean("IsTruncated", !last);
                if (!last)
                {
                    writer.WriteString("Marker", Convert.ToBase64String(Encoding.UTF8.GetBytes($"page-{page + 2}")));
                }

                writer.WriteEndObject();
            }

            pages.Add(Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
        }

        return pages;
    }

    private static void WriteDocument(Utf8JsonWriter writer, string name, string json, bool urlEncoded)
    {
        if (urlEncoded)
        {
            writer.WriteString(name, UrlEncode(json));
        }
        else
        {
            writer.WritePropertyName(name);
            using JsonDocument document = JsonDocument.Parse(json);
            document.WriteTo(writer);
        }
    }

    private static void WriteInline(Utf8JsonWriter writer, string list, IEnumerable<(string Name, string Json, bool Encoded)> policies)
    {
        writer.WriteStartArray(list);
        foreach ((string name, string json, bool encoded) in policies)
        {
            writer.WriteStartObject();
            writer.WriteString("PolicyName", name);
            WriteDocument(writer, "PolicyDocument", json, encoded);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteAttached(Utf8JsonWriter writer, IEnumerable<string> arns)
    {
        writer.WriteStartArray("AttachedManagedPolicies");
        foreach (string arn in arns)
        {
            writer.WriteStartObject();
            writer.WriteString("PolicyName", arn[(arn.LastIndexOf('/') + 1)..]);
            writer.WriteString("PolicyArn", arn);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteTags(Utf8JsonWriter writer, IEnumerable<(string Key, string Value)> tags)
    {
        writer.WriteStartArray("Tags");
        foreach ((string key, string value) in tags)
        {
            writer.WriteStartObject();
            writer.WriteString("Key", key);
            writer.WriteString("Value", value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteBoundary(Utf8JsonWriter writer, string? arn)
    {
        if (arn is null)
        {
            return;
        }

        writer.WriteStartObject("PermissionsBoundary");
        writer.WriteString("PermissionsBoundaryType", "Policy");
        writer.WriteString("PermissionsBoundaryArn", arn);
        writer.WriteEndObject();
    }

    private static Entity User(string path, string name, string id, string[] groups, (string, string, bool)[] inline, string[] attached, string? boundary, (string, string)[] tags) =>
        new("UserDetailList", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("Path", path);
            writer.WriteString("UserName", name);
            writer.WriteString("UserId", id);
            writer.WriteString("Arn", Arn("user", path.TrimStart('/') + name));
            writer.WriteString("CreateDate", "2024-03-01T10:00:00+00:00");
            WriteInline(writer, "UserPolicyList", inline);
            writer.WriteStartArray("GroupList");
            foreach (string group in groups)
            {
                writer.WriteStringValue(group);
            }

            writer.WriteEndArray();
            WriteAttached(writer, attached);
            WriteBoundary(writer, boundary);
            WriteTags(writer, tags);
            writer.WriteEndObject();
        });

    private static Entity Role(string path, string name, string id, string trust, bool trustEncoded, (string, string, bool)[] inline, string[] attached, string? boundary, (string, string)[] tags) =>
        new("RoleDetailList", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("Path", path);
            writer.WriteString("RoleName", name);
            writer.WriteString("RoleId", id);
            writer.WriteString("Arn", Arn("role", path.TrimStart('/') + name));
            writer.WriteString("CreateDate", "2024-03-01T10:00:00+00:00");
            WriteDocument(writer, "AssumeRolePolicyDocument", trust, trustEncoded);
            writer.WriteStartArray("InstanceProfileList");
            writer.WriteEndArray();
            WriteInline(writer, "RolePolicyList", inline);
            WriteAttached(writer, attached);
            WriteBoundary(writer, boundary);
            WriteTags(writer, tags);
            writer.WriteStartObject("RoleLastUsed");
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    private static Entity Group(string name, string id, (string, string, bool)[] inline, string[] attached) =>
        new("GroupDetailList", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("Path", "/");
            writer.WriteString("GroupName", name);
            writer.WriteString("GroupId", id);
            writer.WriteString("Arn", Arn("group", name));
            writer.WriteString("CreateDate", "2024-03-01T10:00:00+00:00");
            WriteInline(writer, "GroupPolicyList", inline);
            WriteAttached(writer, attached);
            writer.WriteEndObject();
        });

    // A managed policy with its versions; only the default one may count.
    private static Entity Policy(string arn, string id, (string Version, string Json, bool Encoded)[] versions, string defaultVersion) =>
        new("Policies", writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("PolicyName", arn[(arn.LastIndexOf('/') + 1)..]);
            writer.WriteString("PolicyId", id);
            writer.WriteString("Arn", arn);
            writer.WriteString("Path", arn[(arn.IndexOf(":policy", StringComparison.Ordinal) + 7)..(arn.LastIndexOf('/') + 1)]);
            writer.WriteString("DefaultVersionId", defaultVersion);
            writer.WriteNumber("AttachmentCount", 1);
            writer.WriteBoolean("IsAttachable", true);
            writer.WriteStartArray("PolicyVersionList");
            foreach ((string version, string json, bool encoded) in versions)
            {
                writer.WriteStartObject();
                WriteDocument(writer, "Document", json, encoded);
                writer.WriteString("VersionId", version);
                writer.WriteBoolean("IsDefaultVersion", version == defaultVersion);
                writer.WriteString("CreateDate", "2024-03-01T10:00:00+00:00");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
}
