using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Server;

/// <summary>
/// The source served when no bundle is given: the MFA self-service example policy
/// (<c>examples/policies/mfa-self-service.json</c>, copied next to the binary) attached to alice
/// and bob of account 111122223333.
/// </summary>
public static class DefaultPolicySource
{
    /// <summary>The principals the default source knows.</summary>
    public static IReadOnlyList<string> Principals { get; } =
    [
        "arn:aws:iam::111122223333:user/alice",
        "arn:aws:iam::111122223333:user/bob",
    ];

    /// <summary>Where the example policy is looked for: <c>examples/policies/mfa-self-service.json</c> under the app's folder.</summary>
    public static string PolicyPath =>
        Path.Combine(AppContext.BaseDirectory, "examples", "policies", "mfa-self-service.json");

    /// <summary>Parses and compiles the example policy and maps each default principal to it.</summary>
    /// <param name="revision">The revision to report.</param>
    /// <returns>The source.</returns>
    /// <exception cref="FileNotFoundException">The example policy is not next to the binary.</exception>
    public static StaticPolicySource Create(ulong revision = 1)
    {
        string path = PolicyPath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the default policy `{path}` is missing", path);
        }

        PolicyDocument document = PolicyParser.ParseOrThrow(File.ReadAllBytes(path), PolicyKind.Identity);
        CompiledPolicySet set = PolicySetCompiler.Compile(PolicySet.FromIdentity(document));
        return new StaticPolicySource(revision, Principals.Select(p => KeyValuePair.Create(p, set)));
    }
}
