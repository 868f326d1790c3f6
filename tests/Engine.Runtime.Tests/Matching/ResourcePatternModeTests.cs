using Engine.Runtime.Matching;

namespace Engine.Runtime.Tests.Matching;

public sealed class ResourcePatternModeTests
{
    [Theory]
    [InlineData("arn:aws:s3:::bucket/key", nameof(GlobMode.Exact))]
    [InlineData(@"arn:aws:s3:::bucket/\*", nameof(GlobMode.Exact))]
    [InlineData("", nameof(GlobMode.Exact))]
    [InlineData("arn:aws:sqs:*", nameof(GlobMode.Prefix))]
    [InlineData("arn:aws:s3:::bucket/*", nameof(GlobMode.Prefix))]
    [InlineData("arn*", nameof(GlobMode.Prefix))]
    [InlineData("*", nameof(GlobMode.Any))]
    [InlineData("**", nameof(GlobMode.Any))]
    [InlineData("*:*", nameof(GlobMode.Contains))]
    [InlineData("*:b", nameof(GlobMode.Suffix))]
    [InlineData("arn:aws:iam::*:user/alice", nameof(GlobMode.PrefixSuffix))]
    [InlineData("arn:aws:s3:::b/*.jpg", nameof(GlobMode.PrefixSuffix))]
    [InlineData("arn:aws:s3:::*log*", nameof(GlobMode.Contains))]
    [InlineData("arn:aws:ec2:*:111122223333:instance/*", nameof(GlobMode.Contains))]
    [InlineData("arn:aws:s3:::EXAMPLE/*/test/*", nameof(GlobMode.Contains))]
    [InlineData("arn:aws:ec2:*-1:111122223333:instance/*", nameof(GlobMode.General))]
    [InlineData("*b", nameof(GlobMode.General))]
    [InlineData("arn:aws:s3:::report-?.csv", nameof(GlobMode.General))]
    [InlineData(@"arn:aws:s3:::a*\:", nameof(GlobMode.PrefixSuffix))]
    [InlineData(@"arn:aws:s3*\:::a", nameof(GlobMode.General))]
    public void Classifies_once(string pattern, string mode) =>
        Assert.Equal(Enum.Parse<GlobMode>(mode), ResourcePattern.Create(pattern).Mode);

    // A StringLike value has no ARN fields: a star before a fifth colon is free, so patterns the
    // Resource classifier calls General become Suffix/Contains/PrefixSuffix here.
    [Theory]
    [InlineData("alice", nameof(GlobMode.Exact))]
    [InlineData(@"a\*", nameof(GlobMode.Exact))]
    [InlineData("home/*", nameof(GlobMode.Prefix))]
    [InlineData("*b", nameof(GlobMode.Suffix))]
    [InlineData("*", nameof(GlobMode.Any))]
    [InlineData("a*b", nameof(GlobMode.PrefixSuffix))]
    [InlineData("arn:aws:ec2:*-1:111122223333:instance/*", nameof(GlobMode.Contains))]
    [InlineData("*log*", nameof(GlobMode.Contains))]
    [InlineData("report-?.csv", nameof(GlobMode.General))]
    public void Classifies_StringLike_values_without_fields(string pattern, string mode) =>
        Assert.Equal(Enum.Parse<GlobMode>(mode), ResourcePattern.CreateStringLike(pattern).Mode);

    [Theory]
    [InlineData("*b", "a:b", true)]
    [InlineData("a*b", "a:x:b", true)]
    [InlineData("ab*ba", "aba", false)]
    [InlineData("a*bc*cd", "abccd", true)]
    [InlineData("a*bc*cd", "abcd", false)]
    [InlineData(@"a\*", "a*", true)]
    [InlineData(@"a\*", "ab", false)]
    [InlineData("report-?.csv", "report-1.csv", true)]
    public void StringLike_values_match_as_the_glob(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, ResourcePattern.CreateStringLike(pattern).IsMatch(text));
        Assert.Equal(expected, Glob.IsMatch(pattern, text, ignoreCase: false));
    }

    [Fact]
    public void Every_mode_is_covered()
    {
        string[] patterns = ["a", "a*", "*:a", "arn:p:s:r:a:x*y", "*", "arn:p:s:r:a:x*y*z", "a?"];
        var modes = patterns.Select(p => ResourcePattern.Create(p).Mode).ToHashSet();
        Assert.Equal(Enum.GetValues<GlobMode>().ToHashSet(), modes);
    }

    [Theory]
    [InlineData("arn:aws:s3:::ab*ba", "arn:aws:s3:::aba", false)]
    [InlineData("arn:aws:s3:::ab*ba", "arn:aws:s3:::abba", true)]
    [InlineData("arn:aws:s3:::a*b*c", "arn:aws:s3:::abc", true)]
    [InlineData("arn:aws:s3:::a*bc*cd", "arn:aws:s3:::abcd", false)]
    [InlineData("arn:aws:s3:::a*bc*cd", "arn:aws:s3:::abccd", true)]
    [InlineData("*:b", "a:x:b", true)]
    public void Literal_parts_do_not_overlap(string pattern, string resource, bool expected)
    {
        Assert.Equal(expected, ResourcePattern.Create(pattern).IsMatch(resource));
        Assert.Equal(expected, ArnGlob.IsMatch(pattern, resource));
    }
}
