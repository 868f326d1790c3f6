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

    [Fact]
    public void Agrees_with_a_split_on_colons_on_random_texts_on_both_sides_of_64_characters()
    {
        // The vector path reads the first 64 characters eight at a time; past them, or with fewer
        // than five colons there, the scalar path answers. Colons placed anywhere, lengths 0-160.
        var random = new Random(20261207);
        const string Alphabet = "::aws-1Zé/";
        for (int round = 0; round < 20_000; round++)
        {
            int length = random.Next(0, 160);
            char[] text = new char[length];
            for (int i = 0; i < length; i++)
            {
                text[i] = random.Next(4) == 0 ? Alphabet[random.Next(Alphabet.Length)] : (char)('a' + random.Next(26));
            }

            string body = new(text);
            AssertAgreesWithSplit(random.Next(10) == 0 ? body : "arn:" + body);
        }
    }

    [Theory]
    [InlineData("arn:aws:s3:::b")]
    [InlineData("arn:a:b:c:d:e:f")]
    [InlineData("arn:::::")]
    [InlineData("arn::::")]
    [InlineData("x:y:z:w:v:u")]
    [InlineData("arn:aws:iam::123456789012:user/a")]
    public void Agrees_with_a_split_on_colons(string text) => AssertAgreesWithSplit(text);

    private static void AssertAgreesWithSplit(string text)
    {
        string[] split = text.Split(':', 6);
        bool expected = text.StartsWith("arn:", StringComparison.Ordinal) && split.Length == 6;
        Assert.Equal(expected, ArnFields.TryParse(text, out ArnFields fields));
        if (expected)
        {
            Assert.Equal(split[1], text[fields.Partition]);
            Assert.Equal(split[2], text[fields.Service]);
            Assert.Equal(split[3], text[fields.Region]);
            Assert.Equal(split[4], text[fields.Account]);
            Assert.Equal(split[5], text[fields.Resource]);
        }
    }
}
