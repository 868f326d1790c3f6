using System.Collections.Immutable;

namespace Engine.Testing.Generators;

/// <summary>
/// The real IAM action catalog (<c>iam-actions.tsv</c>, from <see cref="TestData.ActionCatalogLines"/>), so generated policies name
/// actions with AWS's own spelling and lengths instead of invented ones.
/// </summary>
public static class IamCatalog
{
    private static readonly Lazy<ImmutableArray<string>> s_actions = new(LoadActions);

    /// <summary>Every action of the catalog, e.g. <c>s3:GetObject</c>.</summary>
    public static ImmutableArray<string> Actions => s_actions.Value;

    /// <summary>
    /// A few services the resource templates also use; drawing from them half of the time makes
    /// the action and the resource of a request belong together, as they do in real requests.
    /// </summary>
    public static ImmutableArray<string> FamiliarActions { get; } =
    [
        "s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:ListAllMyBuckets", "iam:GetUser",
        "iam:ListUsers", "iam:CreateVirtualMFADevice", "iam:DeactivateMFADevice", "sqs:SendMessage",
        "sqs:ReceiveMessage", "lambda:InvokeFunction", "ec2:RunInstances", "ec2:DescribeInstances",
        "dynamodb:Query", "dynamodb:GetItem", "sts:GetSessionToken", "kms:Decrypt",
    ];

    /// <summary>
    /// The STS and KMS actions of the amended semantics (amendments §15.7–§15.9): the trust actions,
    /// the calls no policy controls or some credentials cannot make, KMS operations usable across
    /// accounts and not, and alias operations.
    /// </summary>
    public static ImmutableArray<string> AmendedActions { get; } =
    [
        "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:TagSession",
        "sts:SetSourceIdentity", "sts:GetCallerIdentity", "sts:GetSessionToken", "sts:GetFederationToken",
        "sts:DecodeAuthorizationMessage", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:CreateGrant",
        "kms:DescribeKey", "kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:CreateAlias", "kms:DeriveSharedSecret",
    ];

    private static ImmutableArray<string> LoadActions()
    {
        var actions = ImmutableArray.CreateBuilder<string>();
        foreach (string line in TestData.ActionCatalogLines())
        {
            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            string action = tab < 0 ? line : line[..tab];
            if (action.Contains(':', StringComparison.Ordinal))
            {
                actions.Add(action);
            }
        }

        return actions.ToImmutable();
    }
}
