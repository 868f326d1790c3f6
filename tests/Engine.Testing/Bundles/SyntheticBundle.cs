using System.Text.Json;

namespace Engine.Testing.Bundles;

/// <summary>
/// Writes a large, realistic policy bundle (docs/bundles.md) for load tests and measurements:
/// AWS managed policies from the shared corpus as identity policies, groups of them, users and
/// roles in several accounts drawn from a limited number of job templates (as real organizations
/// are: many principals, few distinct policy combinations), a few bucket policies, SCP and RCP levels.
/// </summary>
public static class SyntheticBundle
{
    private const int GroupCount = 100;
    private const int AccountCount = 10;
    private const int BucketCount = 5;
    private static readonly JsonWriterOptions s_indented = new() { Indented = true };

    /// <summary>Writes the bundle into <paramref name="directory"/> (created if needed).</summary>
    /// <param name="directory">Where to write <c>bundle.json</c> and <c>policies/</c>.</param>
    /// <param name="principals">Users and roles in all (70 % users).</param>
    /// <param name="policies">Policy files in all (at least 20; all but a handful from the managed corpus).</param>
    /// <param name="templates">Distinct job templates the principals are drawn from.</param>
    /// <param name="seed">The random seed: the same arguments write the same bundle.</param>
    public static SyntheticBundleInfo Write(string directory, int principals = 10_000, int policies = 1_000, int templates = 500, int seed = 20_260_101)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(policies, 20);
        var random = new Random(seed);
        string policyDirectory = Path.Combine(directory, "policies");
        Directory.CreateDirectory(policyDirectory);

        // Synthetic documents for the roles the managed corpus has no example of.
        var synthetic = new Dictionary<string, string>
        {
            ["FullAWSAccess"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""",
            ["DenyLeaveOrganization"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}""",
            ["DenyRegionsOutsideEu"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotLike":{"aws:RequestedRegion":"eu-*"}}}]}""",
            ["DenyExternalS3Access"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-example"}}}]}""",
            ["DeveloperBoundary"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","dynamodb:*","logs:*","cloudwatch:*"],"Resource":"*"}]}""",
            ["RoleTrust"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::100000000000:root"},"Action":"sts:AssumeRole"}]}""",
        };
        var buckets = new List<string>();
        for (int b = 0; b < BucketCount; b++)
        {
            string bucket = $"arn:aws:s3:::synthetic-bucket-{b}";
            buckets.Add(bucket);
            synthetic[$"bucket-policy-{b}"] = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{Account(b)}}:root"},"Action":["s3:GetObject","s3:PutObject"],"Resource":"{{bucket}}/*"}]}""";
        }

        foreach ((string name, string text) in synthetic)
        {
            File.WriteAllText(Path.Combine(policyDirectory, name + ".json"), text);
        }

        string[] managed = [.. TestData.ManagedPolicyFiles()
            .Order(StringComparer.Ordinal)
            .Take(policies - synthetic.Count)];
        foreach (string file in managed)
        {
            File.Copy(file, Path.Combine(policyDirectory, Path.GetFileName(file)), overwrite: true);
        }

        string[] names = [.. managed.Select(Path.GetFileNameWithoutExtension)!];
        using FileStream stream = File.Create(Path.Combine(directory, "bundle.json"));
        using var writer = new Utf8JsonWriter(stream, s_indented);
        writer.WriteStartObject();
        writer.WriteNumber("format", 1);
        writer.WriteString("description", $"synthetic: {principals} principals, {policies} policies, {templates} templates, seed {seed}");

        writer.WriteStartObject("groups");
        for (int g = 0; g < GroupCount; g++)
        {
            writer.WriteStartObject($"group-{g}");
            WriteNames(writer, "policies", Pick(random, names, 1, 3));
            writer.WriteEndObject();
        }

        writer.WriteEndObject();

        // A template is one job: its direct policies, groups (users only) and boundary.
        var jobs = Enumerable.Range(0, templates).Select(_ => (
            Policies: Pick(random, names, 0, 3),
            Groups: Pick(random, [.. Enumerable.Range(0, GroupCount).Select(g => $"group-{g}")], 1, 3),
            Boundary: random.Next(5) == 0,
            RolePolicies: Pick(random, names, 1, 4))).ToArray();

        var users = new List<string>();
        var roles = new List<string>();
        int userCount = principals * 7 / 10;
        writer.WriteStartObject("users");
        for (int u = 0; u < userCount; u++)
        {
            int job = random.Next(templates);
            string arn = $"arn:aws:iam::{Account(job)}:user/team-{job}/user-{u}";
            users.Add(arn);
            writer.WriteStartObject(arn);
            WriteNames(writer, "policies", jobs[job].Policies);
            WriteNames(writer, "groups", jobs[job].Groups);
            if (jobs[job].Boundary)
            {
                writer.WriteString("permissionsBoundary", "DeveloperBoundary");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("roles");
        for (int r = 0; r < principals - userCount; r++)
        {
            int job = random.Next(templates);
            string arn = $"arn:aws:iam::{Account(job)}:role/service/role-{r}";
            roles.Add(arn);
            writer.WriteStartObject(arn);
            WriteNames(writer, "policies", jobs[job].RolePolicies);
            if (r % 10 == 0)
            {
                writer.WriteString("trustPolicy", "RoleTrust");
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("resources");
        for (int b = 0; b < BucketCount; b++)
        {
            writer.WriteString(buckets[b], $"bucket-policy-{b}");
        }

        writer.WriteEndObject();
        writer.WriteStartObject("organization");
        writer.WriteStartObject("accounts");
        for (int a = 0; a < AccountCount; a++)
        {
            writer.WriteStartObject(Account(a));
            writer.WriteStartArray("scps");
            WriteLevel(writer, "FullAWSAccess");
            WriteLevel(writer, a % 2 == 0 ? "DenyLeaveOrganization" : "DenyRegionsOutsideEu", "FullAWSAccess");
            writer.WriteEndArray();
            if (a < 3)
            {
                writer.WriteStartArray("rcps");
                WriteLevel(writer, "DenyExternalS3Access");
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        return new SyntheticBundleInfo(directory, users, roles, buckets, synthetic.Count + managed.Length);
    }

    private static string Account(int index) => (100_000_000_000L + (index % AccountCount)).ToString("D12");

    private static string[] Pick(Random random, string[] from, int min, int max) =>
        [.. Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => from[random.Next(from.Length)]).Distinct()];

    private static void WriteNames(Utf8JsonWriter writer, string property, IEnumerable<string> names)
    {
        writer.WriteStartArray(property);
        foreach (string name in names)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
    }

    private static void WriteLevel(Utf8JsonWriter writer, params string[] names)
    {
        writer.WriteStartArray();
        foreach (string name in names)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
    }
}
