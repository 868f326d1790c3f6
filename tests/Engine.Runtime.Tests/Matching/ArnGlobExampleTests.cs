using Engine.Runtime.Matching;

namespace Engine.Runtime.Tests.Matching;

public sealed class ArnGlobExampleTests
{
    // iam-semantics.md §5.8 and the §5.2 consequences.
    [Theory]
    [InlineData("*", "*", true)]
    [InlineData("*", "arn:aws:s3:::b/k", true)]
    [InlineData("*", "", true)]
    [InlineData("arn:aws:iam::*:user/*", "*", false)]
    [InlineData("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false)]
    [InlineData("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket/a/b", true)]
    [InlineData("arn:aws:s3:::*log*", "arn:aws:s3:::app-logs", true)]
    [InlineData("arn:aws:s3:::report-?.csv", "arn:aws:s3:::report-7.csv", true)]
    [InlineData("arn:aws:s3:::report-?.csv", "arn:aws:s3:::report-17.csv", false)]
    [InlineData("arn:aws:iam::*:user/alice", "arn:aws:iam::444455556666:user/alice", true)]
    [InlineData("arn:aws:iam::111122223333:user/Bob", "arn:aws:iam::111122223333:user/bob", false)]
    [InlineData("arn:aws:iam::111122223333:user/*", "arn:aws:iam::111122223333:user/division_abc/carol", true)]
    [InlineData("arn:aws:lambda:us-east-1:111122223333:function:fn", "arn:aws:lambda:us-east-1:111122223333:function:fn:7", false)]
    [InlineData("arn:aws:lambda:us-east-1:111122223333:function:fn*", "arn:aws:lambda:us-east-1:111122223333:function:fn:7", true)]
    [InlineData("arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", true)]
    [InlineData("arn:aws:ec2:us-*:111122223333:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", false)]
    [InlineData("arn:aws:sqs:us-east-1:*", "arn:aws:sqs:us-east-1:111122223333:queue1", true)]
    [InlineData("arn:aws:sqs:*", "arn:aws:sqs:us-east-1:111122223333:queue1", true)]
    [InlineData("arn:aws:dynamodb:*:*:table/Thread", "arn:aws:dynamodb:us-east-1:111122223333:table/Thread/index/ByDate", false)]
    [InlineData("arn:aws:sqs", "arn:aws:sqs:us-east-1:111122223333:queue1", false)]
    [InlineData("arn:aws:s3:::b", "arn:aws:s3:us-east-1::b", false)]
    [InlineData("arn:*:s3:::bucket", "arn:aws:s3:::bucket", true)]
    [InlineData("arn:aws:s3:::bucket-?", "arn:aws:s3:::bucket-1", true)]
    [InlineData("arn:aws:s3:::b/*", "arn:aws:s3:::b/x:y", true)]
    // A star inside a field that is not its last character stays in the field.
    [InlineData("arn:aws:ec2:*-1:111122223333:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i", true)]
    [InlineData("arn:aws:ec2:*-1:111122223333:instance/*", "arn:aws:ec2:a:b-1:111122223333:instance/i", false)]
    [InlineData("arn:aws:ec2:?:1:x", "arn:aws:ec2:::1:x", false)]
    [InlineData("arn:aws:s3:::?", "arn:aws:s3:::\u003a", true)]
    // Escapes: \* is a literal star, \\ a literal backslash, a trailing lone \ a backslash.
    [InlineData(@"arn:aws:s3:::a\*", "arn:aws:s3:::a*", true)]
    [InlineData(@"arn:aws:s3:::a\*", "arn:aws:s3:::ab", false)]
    [InlineData(@"arn:aws:s3:::a\\", @"arn:aws:s3:::a\", true)]
    [InlineData(@"arn:aws:s3:::a\", @"arn:aws:s3:::a\", true)]
    [InlineData(@"arn:aws:s3:::a\?", "arn:aws:s3:::a?", true)]
    [InlineData(@"arn:aws:s3:::a\?", "arn:aws:s3:::ab", false)]
    public void Spec_examples(string pattern, string resource, bool expected)
    {
        Assert.Equal(expected, ArnGlob.IsMatch(pattern, resource));
        Assert.Equal(expected, ResourcePattern.Create(pattern).IsMatch(resource));
        Assert.Equal(expected, Oracles.Resource(pattern, resource));
    }

    // §5.2: arn:aws:s3:::EXAMPLE/*/test/*
    [Theory]
    [InlineData("arn:aws:s3:::EXAMPLE/1/test/object.jpg", true)]
    [InlineData("arn:aws:s3:::EXAMPLE/1/2/test/3/object.jpg", true)]
    [InlineData("arn:aws:s3:::EXAMPLE/1///test///object.jpg", true)]
    [InlineData("arn:aws:s3:::EXAMPLE/1/test/.jpg", true)]
    [InlineData("arn:aws:s3:::EXAMPLE//test/object.jpg", true)]
    [InlineData("arn:aws:s3:::EXAMPLE/1/test/", true)]
    [InlineData("arn:aws:s3:::EXAMPLE/1-test/object.jpg", false)]
    [InlineData("arn:aws:s3:::EXAMPLE/test/object.jpg", false)]
    [InlineData("arn:aws:s3:::EXAMPLE/1/2/test.jpg", false)]
    public void Example_star_test_star(string resource, bool expected)
    {
        const string Pattern = "arn:aws:s3:::EXAMPLE/*/test/*";
        Assert.Equal(expected, ArnGlob.IsMatch(Pattern, resource));
        Assert.Equal(expected, ResourcePattern.Create(Pattern).IsMatch(resource));
    }

    // §7.4: the ArnLike vs StringLike example.
    [Fact]
    public void ArnLike_keeps_stars_in_their_field_where_StringLike_does_not()
    {
        const string Pattern = "arn:aws:someservice:*:111122223333:finance/*";
        const string Value = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt";
        Assert.True(Glob.IsMatch(Pattern, Value, ignoreCase: false));
        Assert.False(ArnGlob.IsArnLikeMatch(Pattern, Value));
        Assert.True(ArnGlob.IsArnLikeMatch(Pattern, "arn:aws:someservice:us-east-2:111122223333:finance/a:b/c"));
    }

    [Theory]
    [InlineData("arn:aws:s3:::b", "arn:aws:s3:::b", true)]
    [InlineData("arn:aws:s3:::*", "arn:aws:s3:::b:c/d", true)]
    [InlineData("arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/r", true)]
    [InlineData("arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:user/r", false)]
    [InlineData("arn:aws:iam::1111?2223333:role/r", "arn:aws:iam::111122223333:role/r", true)]
    [InlineData("arn:aws:s3:::*", "arn:aws:s3::", false)]
    [InlineData("arn:aws:s3:*", "arn:aws:s3:::b", false)]
    [InlineData("*", "arn:aws:s3:::b", false)]
    [InlineData("arn:aws:s3:::b", "not-an-arn", false)]
    [InlineData("ARN:aws:s3:::b", "ARN:aws:s3:::b", false)]
    [InlineData("arn:aws:S3:::b", "arn:aws:s3:::b", false)]
    [InlineData(@"arn:aws:s3:::b\*", "arn:aws:s3:::b*", true)]
    [InlineData(@"arn:aws:s3:::b\*", "arn:aws:s3:::bc", false)]
    public void ArnLike_examples(string pattern, string value, bool expected)
    {
        Assert.Equal(expected, ArnGlob.IsArnLikeMatch(pattern, value));
        Assert.Equal(expected, Oracles.ArnLike(pattern, value));
    }
}
