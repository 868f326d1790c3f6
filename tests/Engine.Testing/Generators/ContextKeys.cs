using System.Collections.Immutable;

namespace Engine.Testing.Generators;

/// <summary>A condition key the generators use, with the family of its values (Appendix A).</summary>
/// <param name="Key">The key as AWS spells it.</param>
/// <param name="Family">Its value family.</param>
/// <param name="Multivalued">Whether AWS sends it as an array (<c>aws:TagKeys</c>, <c>aws:CalledVia</c>).</param>
public sealed record ContextKey(string Key, ValueFamily Family, bool Multivalued)
{
    /// <summary>
    /// The keys used by requests and conditions: global keys of every family from
    /// <c>condition-keys.tsv</c>, a service key, and one key no request ever carries.
    /// </summary>
    public static ImmutableArray<ContextKey> All { get; } =
    [
        new("aws:username", ValueFamily.Text, false),
        new("aws:PrincipalTag/team", ValueFamily.Text, false),
        new("aws:RequestedRegion", ValueFamily.Text, false),
        new("s3:prefix", ValueFamily.Text, false),
        new("aws:TagKeys", ValueFamily.Text, true),
        new("aws:CalledVia", ValueFamily.Text, true),
        new("aws:MultiFactorAuthPresent", ValueFamily.Bool, false),
        new("aws:SecureTransport", ValueFamily.Bool, false),
        new("aws:MultiFactorAuthAge", ValueFamily.Numeric, false),
        new("aws:CurrentTime", ValueFamily.Date, false),
        new("aws:EpochTime", ValueFamily.Date, false),
        new("aws:SourceIp", ValueFamily.Ip, false),
        new("aws:SourceArn", ValueFamily.Arn, false),
        new("aws:PrincipalArn", ValueFamily.Arn, false),
        new("kms:CiphertextBlob", ValueFamily.Binary, false),
        new("aws:ResourceTag/project", ValueFamily.Text, false),
    ];
}
