using System.Collections.Immutable;
using Engine.Compiler.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Testing.Generators;

/// <summary>
/// Generators of the request side (iam-semantics.md §1): callers of every kind, resources of
/// several services in the caller's or another account, and typed contexts.
/// </summary>
public static class RequestGenerators
{
    /// <summary>The caller's usual account; most requests stay in it so same-account rules dominate.</summary>
    public const string HomeAccount = "111122223333";

    /// <summary>Another account: cross-account requests (§14) and foreign principals.</summary>
    public const string OtherAccount = "444455556666";

    /// <summary>Accounts, home first.</summary>
    public static ImmutableArray<string> Accounts { get; } = [HomeAccount, OtherAccount, "777788889999"];

    /// <summary>A caller of any kind (§1.2).</summary>
    public static Gen<Caller> Caller { get; } =
        from account in Gen.Frequency((6, Gen.Constant(HomeAccount)), (1, Gen.Elements(Accounts.AsEnumerable())))
        from partition in Gen.Frequency((12, Gen.Constant("aws")), (1, Gen.Constant("aws-cn")))
        from kind in Gen.Frequency(
            (2, Gen.Constant(CallerKind.Root)), (6, Gen.Constant(CallerKind.User)), (3, Gen.Constant(CallerKind.Role)),
            (5, Gen.Constant(CallerKind.RoleSession)), (2, Gen.Constant(CallerKind.FederatedUser)),
            (2, Gen.Constant(CallerKind.Service)), (1, Gen.Constant(CallerKind.Other)))
        from path in Gen.Elements("", "division_abc/", "ops/")
        from caller in CallerOf(kind, partition, account, path)
        select caller;

    /// <summary>Builds a caller of the given kind.</summary>
    public static Gen<Caller> CallerOf(CallerKind kind, string partition, string account, string path) => kind switch
    {
        CallerKind.Root => Gen.Constant(new Caller(kind, $"arn:{partition}:iam::{account}:root", partition, account, "root", null)),
        CallerKind.User => Gen.Elements("alice", "bob", "Carol").Select(n =>
            new Caller(kind, $"arn:{partition}:iam::{account}:user/{path}{n}", partition, account, n, null)),
        CallerKind.Role => Gen.Elements("deploy", "app").Select(n =>
            new Caller(kind, $"arn:{partition}:iam::{account}:role/{path}{n}", partition, account, n, $"arn:{partition}:iam::{account}:role/{path}{n}")),
        CallerKind.RoleSession =>
            from role in Gen.Elements("deploy", "app")
            from session in Gen.Elements("build-42", "i-1", "alice")
            select new Caller(kind, $"arn:{partition}:sts::{account}:assumed-role/{role}/{session}", partition, account, session,
                $"arn:{partition}:iam::{account}:role/{path}{role}"),
        CallerKind.FederatedUser => Gen.Elements("dana", "alice").Select(n =>
            new Caller(kind, $"arn:{partition}:sts::{account}:federated-user/{n}", partition, account, n, null)),
        // Web identity providers classify as Service (§1.2), provider ARNs as Other (amendments §15.7.2.7).
        CallerKind.Service => Gen.Elements("cloudtrail.amazonaws.com", "lambda.amazonaws.com", "accounts.google.com",
            "cognito-identity.amazonaws.com").Select(n => new Caller(kind, n, null, null, n, null)),
        _ => Gen.Elements($"arn:{partition}:iam::{account}:saml-provider/corp", "accounts-google",
            $"arn:{partition}:iam::{account}:oidc-provider/token.actions.githubusercontent.com").Select(n =>
            new Caller(kind, n, null, null, n, null)),
    };

    /// <summary>A concrete request resource in the given account (§5.1), or <c>*</c>.</summary>
    public static Gen<string> Resource(string account, string userName) => Gen.Frequency(
        (3, Gen.Elements($"arn:aws:s3:::home-bucket/home/{userName}/notes.txt", "arn:aws:s3:::examplebucket",
            "arn:aws:s3:::team-red/report-7.csv", "arn:aws:s3:::app-logs/x")),
        (2, Gen.Elements($"arn:aws:iam::{account}:user/{userName}", $"arn:aws:iam::{account}:user/division_abc/{userName}",
            $"arn:aws:iam::{account}:mfa/{userName}")),
        (3, Gen.Elements($"arn:aws:sqs:us-east-1:{account}:queue1", $"arn:aws:lambda:eu-west-1:{account}:function:fn:7",
            $"arn:aws:ec2:us-west-2:{account}:instance/i-0abc", $"arn:aws:dynamodb:us-east-1:{account}:table/Thread/index/ByDate")),
        (1, Gen.Constant("*")),
        (1, Gen.Constant("plain-name")));

    /// <summary>
    /// A resource that fits the action: STS actions mostly on an IAM role (the trust rule, amendments
    /// §15.7.1), KMS actions mostly on a key or an alias (the key policy rule); else <see cref="Resource"/>.
    /// </summary>
    public static Gen<string> ResourceFor(string action, string account, string userName)
    {
        ArgumentNullException.ThrowIfNull(action);
        Gen<string> other = Resource(account, userName);
        if (action.StartsWith("sts:", StringComparison.OrdinalIgnoreCase))
        {
            return Gen.Frequency((4, Gen.Elements($"arn:aws:iam::{account}:role/ProdDeploy", $"arn:aws:iam::{account}:role/ops/deploy",
                $"arn:aws:iam::{account}:role/app", $"arn:aws:iam::{account}:user/{userName}")), (1, Gen.Constant("*")), (1, other));
        }

        if (action.StartsWith("kms:", StringComparison.OrdinalIgnoreCase))
        {
            return Gen.Frequency((4, Gen.Elements($"arn:aws:kms:us-east-2:{account}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                $"arn:aws:kms:eu-west-1:{account}:key/mrk-1234abcd")), (1, Gen.Elements($"arn:aws:kms:us-east-2:{account}:alias/app", "*")), (1, other));
        }

        return other;
    }

    /// <summary>
    /// A request context: each key present or absent, with values from its family's pool;
    /// multivalued keys are arrays (possibly empty) and single keys are sometimes sent as arrays.
    /// Key spelling varies in case (§1.4: keys are case-insensitive).
    /// </summary>
    public static Gen<ImmutableArray<ContextEntry>> Context(Caller caller) =>
        Gen.CollectToArray(ContextKey.All, key => ContextEntryFor(key, caller))
            .Select(entries => entries.Where(e => e is not null).Select(e => e!).ToImmutableArray());

    private static Gen<ContextEntry?> ContextEntryFor(ContextKey key, Caller caller)
    {
        Gen<string> value = key.Key == "aws:username"
            ? Gen.Frequency((4, Gen.Constant(caller.Name)), (1, Gen.Elements(ValuePools.RequestValues(key.Family).AsEnumerable())))
            : Gen.Elements(ValuePools.RequestValues(key.Family).AsEnumerable());
        Gen<ContextEntry?> single = from v in value
                                    from name in KeySpelling(key.Key)
                                    select (ContextEntry?)ContextEntry.OneValue(name, v);
        Gen<ContextEntry?> many = from count in Gen.Frequency((1, Gen.Constant(0)), (2, Gen.Constant(1)), (4, Gen.Choose(2, 3)))
                                  from values in Gen.ArrayOf(value, count)
                                  from name in KeySpelling(key.Key)
                                  select (ContextEntry?)ContextEntry.ManyValues(name, values.Distinct().ToArray());
        return Gen.Frequency(
            (2, Gen.Constant<ContextEntry?>(null)),
            (key.Multivalued ? 1 : 5, single),
            (key.Multivalued ? 5 : 1, many));
    }

    /// <summary>The key as written, or with its case changed (same key, §1.4 and §2.7).</summary>
    public static Gen<string> KeySpelling(string key) =>
        Gen.Frequency((6, Gen.Constant(key)), (1, Gen.Constant(key.ToUpperInvariant())), (1, Gen.Constant(key.ToLowerInvariant())));
}
