using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Testing.Generators;

/// <summary>
/// Principal and NotPrincipal elements derived from the caller (iam-semantics.md §8): <c>*</c>,
/// the account as id and as root ARN, the caller's exact ARN, its role with and without path,
/// other sessions, other accounts, services, identity providers, canonical users, partial
/// wildcards (which match nothing) and case changes.
/// </summary>
public static class PrincipalPatterns
{
    private const string CanonicalUserId = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";

    /// <summary>The <c>"Principal": "*"</c> element (the only one RCPs allow, §2.5).</summary>
    public static PrincipalElement Everyone { get; } = new(false, [new PrincipalEntry(PrincipalType.Aws, "*")]);

    /// <summary>One entry, biased toward naming the caller.</summary>
    public static Gen<PrincipalEntry> Entry(Caller caller)
    {
        string account = caller.Account ?? RequestGenerators.HomeAccount;
        string partition = caller.Partition ?? "aws";
        var options = new List<(int, Gen<PrincipalEntry>)>
        {
            (3, Aws("*")),
            (3, Aws(account)),
            (3, Aws($"arn:{partition}:iam::{account}:root")),
            (1, Aws(RequestGenerators.OtherAccount)),
            (1, Aws($"arn:aws:iam::{RequestGenerators.OtherAccount}:root")),
            (1, Aws($"arn:aws:iam::{account}:user/*")),
            (1, Gen.Elements("cloudtrail.amazonaws.com", "lambda.amazonaws.com").Select(s => new PrincipalEntry(PrincipalType.Service, s))),
            (1, Gen.Constant(new PrincipalEntry(PrincipalType.CanonicalUser, CanonicalUserId))),
            // Identity providers as trust policies name them (amendments §15.7.2.7).
            (1, Gen.Elements($"arn:{partition}:iam::{account}:saml-provider/corp", $"arn:{partition}:iam::{account}:oidc-provider/token.actions.githubusercontent.com",
                "accounts.google.com", "cognito-identity.amazonaws.com").Select(f => new PrincipalEntry(PrincipalType.Federated, f))),
        };
        switch (caller.Kind)
        {
            case CallerKind.Service:
                options.Add((6, Gen.Constant(new PrincipalEntry(PrincipalType.Service, caller.Principal))));
                options.Add((2, Gen.Constant(new PrincipalEntry(PrincipalType.Federated, caller.Principal))));
                break;
            case CallerKind.Other:
                options.Add((6, Gen.Constant(new PrincipalEntry(PrincipalType.Federated, caller.Principal))));
                options.Add((1, Aws(caller.Principal)));
                break;
            default:
                options.Add((6, Aws(caller.Principal)));
                options.Add((1, TextMutations.MixCase(caller.Principal).Select(p => new PrincipalEntry(PrincipalType.Aws, p))));
                break;
        }

        if (caller.RoleArn is { } roleArn)
        {
            // Sessions carry no role path (§8.2): both the pathed and the bare role ARN name the role.
            string bare = $"arn:{partition}:iam::{account}:role/{roleArn[(roleArn.LastIndexOf('/') + 1)..]}";
            options.Add((5, Aws(roleArn)));
            options.Add((2, Aws(bare)));
            options.Add((1, Aws($"arn:{partition}:sts::{account}:assumed-role/{roleArn[(roleArn.LastIndexOf('/') + 1)..]}/other-session")));
        }

        return Gen.Frequency(options.ToArray());
    }

    /// <summary>A Principal element, or for some statements a NotPrincipal element.</summary>
    public static Gen<PrincipalElement> Element(Caller caller, Effect effect) =>
        from isNot in Gen.Frequency((effect == Effect.Deny ? 6 : 14, Gen.Constant(false)), (1, Gen.Constant(true)))
        from count in Gen.Frequency((4, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
        from entries in Gen.ArrayOf(Entry(caller), count)
        select new PrincipalElement(isNot, [.. entries.Distinct()]);

    private static Gen<PrincipalEntry> Aws(string value) => Gen.Constant(new PrincipalEntry(PrincipalType.Aws, value));
}
