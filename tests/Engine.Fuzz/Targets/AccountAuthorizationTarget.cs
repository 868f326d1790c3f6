using Engine.Bundles;
using Engine.Bundles.Accounts;

namespace Engine.Fuzz.Targets;

/// <summary>
/// AWS account authorization files (<c>aws iam get-account-authorization-details</c> output, read by
/// Engine.Bundles): the input is loaded as one page; a bundle that loads is asked one question per
/// principal. A file that does not load must say why.
/// </summary>
internal sealed class AccountAuthorizationTarget : IFuzzTarget
{
    private static readonly Lazy<string> s_file = new(() =>
        Path.Combine(TempFolder.Create("engine-fuzz-account-"), "account.json"));

    public string Name => "accounts";

    public void Run(ReadOnlySpan<byte> input)
    {
        string file = s_file.Value;
        File.WriteAllBytes(file, input.ToArray());
        BundleLoadResult result = AuthorizationDetailsLoader.Load([file]);
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
        RepositoryFiles.Under(repository, "examples/accounts", "*.json")
            .Concat(RepositoryFiles.Under(repository, "tests/Accounts/synthetic-account", "*.json"));
}
