using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Cli;

/// <summary>Reads policy files given on the command line; a bad file is a usage error that lists every fault.</summary>
internal static class PolicyFiles
{
    public static PolicyDocument Read(string path, PolicyKind kind) => Read(path, kind, out _);

    /// <summary>Reads and parses a policy file, giving back its bytes too (for the policy checks).</summary>
    public static PolicyDocument Read(string path, PolicyKind kind, out byte[] bytes)
    {
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read `{path}`: {e.Message}");
        }

        PolicyParseResult result = PolicyParser.Parse(bytes, kind);
        if (!result.Success)
        {
            throw new UsageException(string.Join(Environment.NewLine, result.Errors.Select(e => $"{path}: {e}")));
        }

        return result.Document!;
    }

    public static PolicyKind ParseKind(string? text) => text switch
    {
        null or "identity" => PolicyKind.Identity,
        // SPEC: iam-semantics-amendments.md §A.2 — a trust policy and a key policy are the resource
        // policies of a role and of a KMS key: the rules of resource-based policies apply.
        "resource" or "trust" or "key" => PolicyKind.Resource,
        "vpc-endpoint" or "vpcEndpoint" => PolicyKind.VpcEndpoint,
        "boundary" or "permissionsBoundary" => PolicyKind.PermissionsBoundary,
        "session" => PolicyKind.Session,
        "scp" => PolicyKind.Scp,
        "rcp" => PolicyKind.Rcp,
        _ => throw new UsageException($"unknown policy kind `{text}`; use identity, resource, trust, key, vpc-endpoint, boundary, session, scp or rcp"),
    };

    public static IEnumerable<PolicyError> Errors(string path, PolicyKind kind) =>
        PolicyParser.Parse(File.ReadAllBytes(path), kind).Errors;
}
