using Engine.Bundles;

namespace Engine.Fuzz.Targets;

/// <summary>
/// <c>bundle.json</c> manifests (Engine.Bundles' loader): the input is written as the manifest of
/// a bundle folder whose <c>policies/</c> holds documents of every kind the manifest can name
/// (those of the examples in docs/bundles.md and docs/accounts.md), and loaded; a bundle that loads is asked one question per
/// principal, as the server would. A bundle that does not load must say why.
/// </summary>
internal sealed class BundleManifestTarget : IFuzzTarget
{
    private const string Allow = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""";

    private static readonly Lazy<string> s_folder = new(CreateFolder);

    // The documents the manifests of the seeds name, so that mutations of a seed reach the stages
    // after the name lookup.
    private static readonly (string Name, string Json)[] s_policies =
    [
        ("deploy", Allow),
        ("developer-boundary", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sqs:*"],"Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"""),
        ("deployer-trust", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"""),
        ("reports-bucket-policy", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}"""),
        ("jobs-queue-policy", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}}]}"""),
        ("deny-leave-org", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"""),
        ("deny-leave-organization", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"""),
        ("deny-external-s3", """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-example"}}}]}"""),
    ];

    public string Name => "bundle";

    public void Run(ReadOnlySpan<byte> input)
    {
        string folder = s_folder.Value;
        File.WriteAllBytes(Path.Combine(folder, BundleLoader.ManifestFileName), input.ToArray());
        BundleLoadResult result = BundleLoader.Load(folder);
        if (result.Bundle is not Bundle bundle)
        {
            if (result.Errors.IsDefaultOrEmpty)
            {
                throw new OracleViolationException("no bundle and no error");
            }

            return;
        }

        Decisions.DecideForPrincipals(bundle);
    }

    public IEnumerable<FuzzSeed> Seeds(string repository) =>
        RepositoryFiles.Under(repository, "examples/bundles", "bundle.json")
            .Concat(RepositoryFiles.Under(repository, "bench/bundles", "bundle.json"))
            .Concat(DocumentationJson.Blocks(repository, "docs/bundles.md"))
            .Concat(DocumentationJson.Blocks(repository, "docs/accounts.md"));

    private static string CreateFolder()
    {
        string folder = TempFolder.Create("engine-fuzz-bundle-");
        string policies = Path.Combine(folder, "policies");
        Directory.CreateDirectory(policies);
        foreach ((string name, string json) in s_policies)
        {
            File.WriteAllText(Path.Combine(policies, name + ".json"), json);
        }

        string repository = RepositoryFiles.Root();
        File.Copy(Path.Combine(repository, "examples/bundles/default/policies/mfa-self-service.json"), Path.Combine(policies, "mfa-self-service.json"));
        // Named by docs/accounts.md's manifest (its "authorizationDetails").
        File.Copy(Path.Combine(repository, "examples/accounts/read-only-auditor.json"), Path.Combine(folder, "account.json"));
        return folder;
    }
}
