using Engine.Runtime.Matching;

namespace Engine.Runtime.Tests.Matching;

public sealed class ArnFieldsTests
{
    [Theory]
    [InlineData("arn:aws:s3:::bucket/key", "aws", "s3", "", "", "bucket/key")]
    [InlineData("arn:aws:iam::123456789012:role/a:b", "aws", "iam", "", "123456789012", "role/a:b")]
    [InlineData("arn:aws-cn:ec2:us-east-1:111122223333:instance/i-1", "aws-cn", "ec2", "us-east-1", "111122223333", "instance/i-1")]
    [InlineData("arn:::::", "", "", "", "", "")]
    [InlineData("arn:p:s:r:a:x:y:z", "p", "s", "r", "a", "x:y:z")]
    public void Splits_the_six_fields(string arn, string partition, string service, string region, string account, string resource)
    {
        Assert.True(ArnFields.TryParse(arn, out ArnFields fields));
        Assert.Equal(partition, arn[fields.Partition]);
        Assert.Equal(service, arn[fields.Service]);
        Assert.Equal(region, arn[fields.Region]);
        Assert.Equal(account, arn[fields.Account]);
        Assert.Equal(resource, arn[fields.Resource]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("arn")]
    [InlineData("arn:")]
    [InlineData("arn::::")]
    [InlineData("arn:aws:s3::bucket")]
    [InlineData("ARN:aws:s3:::bucket")]
    [InlineData("urn:aws:s3:::bucket")]
    [InlineData("cloudtrail.amazonaws.com")]
    public void Refuses_text_that_is_not_ARN_shaped(string text) =>
        Assert.False(ArnFields.TryParse(text, out _));

    [Theory]
    [InlineData("arn:aws:s3:::b")]
    [InlineData("arn:a:b:c:d:e:f")]
    [InlineData("arn:::::")]
    [InlineData("arn::::")]
    [InlineData("x:y:z:w:v:u")]
    [InlineData("arn:aws:iam::123456789012:user/a")]
    public void Agrees_with_a_split_on_colons(string text)
    {
        string[] split = text.Split(':', 6);
        bool expected = text.StartsWith("arn:", StringComparison.Ordinal) && split.Length == 6;
        Assert.Equal(expected, ArnFields.TryParse(text, out ArnFields fields));
        if (expected)
        {
            Assert.Equal(split[4], text[fields.Account]);
            Assert.Equal(split[5], text[fields.Resource]);
        }
    }
}
