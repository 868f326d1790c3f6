namespace Engine.Catalog.Tests;

public sealed class GlobalConditionKeysTests
{
    [Fact]
    public void Holds_the_global_and_cross_service_keys_with_types()
    {
        Assert.Equal(58, GlobalConditionKeys.All.Count);
        Assert.True(GlobalConditionKeys.TryGet("aws:sourceip", out ConditionKeyDefinition? ip));
        Assert.Equal(ConditionKeyType.IPAddress, ip.Type);
        Assert.True(GlobalConditionKeys.TryGet("aws:MultiFactorAuthPresent", out ConditionKeyDefinition? mfa));
        Assert.Equal(ConditionKeyType.Bool, mfa.Type);
        Assert.True(GlobalConditionKeys.TryGet("aws:PrincipalOrgPaths", out ConditionKeyDefinition? paths));
        Assert.True(paths.IsMultivalued);
        Assert.True(GlobalConditionKeys.TryGet("lambda:SourceFunctionArn", out ConditionKeyDefinition? fn));
        Assert.Equal(ConditionKeyType.Arn, fn.Type);
    }

    [Fact]
    public void Templated_keys_match_their_instances()
    {
        Assert.True(GlobalConditionKeys.TryGet("aws:ResourceTag/kubernetes.io/cluster/x", out ConditionKeyDefinition? tag));
        Assert.Equal("aws:ResourceTag/${TagKey}", tag.Key);
        Assert.False(GlobalConditionKeys.TryGet("aws:ResourceTag/", out _));
        Assert.False(GlobalConditionKeys.TryGet("aws:NoSuchKey", out _));
    }

    [Theory]
    [InlineData("kms:EncryptionContext:${EncryptionContextKey}", "kms:encryptioncontext:aws:s3:arn", true)]
    [InlineData("s3:ExistingObjectTag/<key>", "s3:ExistingObjectTag/a/b", true)]
    [InlineData("a:${X}/b", "a:x/b", true)]
    [InlineData("a:${X}/b", "a:/b", false)]
    [InlineData("a:${X}/b", "a:x/c", false)]
    public void Template_match(string template, string key, bool expected) =>
        Assert.Equal(expected, ConditionKeyDefinition.IsTemplateMatch(template, key));
}
