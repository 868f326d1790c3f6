using Engine.Runtime.Matching;

namespace Engine.Runtime.Tests.Matching;

public sealed class ActionTrieExampleTests
{
    // iam-semantics.md §4.3.
    [Theory]
    [InlineData("*", "ec2:RunInstances", true)]
    [InlineData("s3:*", "s3:GetObject", true)]
    [InlineData("S3:getobject", "s3:GetObject", true)]
    [InlineData("s3:Get*", "s3:GetBucketPolicy", true)]
    [InlineData("s3:Get*", "s3:PutObject", false)]
    [InlineData("iam:*AccessKey*", "iam:ListAccessKeys", true)]
    [InlineData("iam:*AccessKey*", "iam:CreateLoginProfile", false)]
    [InlineData("ec2:*Instances", "ec2:DescribeInstances", true)]
    [InlineData("s3:Get?bject", "s3:GetObject", true)]
    [InlineData("s3:Get?bject", "s3:GetObjectAcl", false)]
    [InlineData("s3:*", "s3express:CreateSession", false)]
    [InlineData("*:GetObject", "s3:GetObject", false)]
    [InlineData("s3:GetObject,PutObject", "s3:GetObject", false)]
    [InlineData("s3: GetObject", "s3:GetObject", false)]
    [InlineData("s3", "s3:GetObject", false)]
    [InlineData("s3:", "s3:", true)]
    [InlineData("s3:*", "s3:", true)]
    [InlineData("s3:Get*", "s3:Get", true)]
    [InlineData("s3:Get**", "s3:GetX", true)]
    [InlineData("s3:Get", "s3:GetX", false)]
    [InlineData(@"s3:Get\*", "s3:Get*", true)]
    [InlineData(@"s3:Get\*", "s3:GetX", false)]
    [InlineData("s3:a:*", "s3:a:b", true)]
    [InlineData("s3:a:*", "s3:ab", false)]
    [InlineData("s3:*:b", "s3:a:b", true)]
    [InlineData("*:*", "s3:GetObject", false)]
    [InlineData("*:*", "*:x", true)]
    public void Spec_examples(string pattern, string action, bool expected)
    {
        ActionTrie trie = new ActionTrieBuilder().Add(pattern, 0).Build();
        Span<ulong> bits = stackalloc ulong[1];
        trie.Match(action, bits);
        Assert.Equal(expected, bits[0] == 1);
    }

    [Fact]
    public void Collects_every_matching_element_in_one_pass()
    {
        ActionTrie trie = new ActionTrieBuilder()
            .Add("s3:*", 0)
            .Add("s3:Get*", 1)
            .Add("s3:GetObject", 2)
            .Add("s3:*Object", 3)
            .Add("*", 70)
            .Add("ec2:*", 4)
            .Add("s3:put*", 5)
            .Build();
        Assert.Equal(71, trie.ElementCount);
        Span<ulong> bits = stackalloc ulong[2];
        trie.Match("S3:GETOBJECT", bits);
        Assert.Equal(0b1111UL, bits[0]);
        Assert.Equal(1UL << 6, bits[1]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":")]
    [InlineData("::::")]
    [InlineData("s3")]
    [InlineData("\uD800")]
    [InlineData("s3:\u0000")]
    public void Never_throws_on_odd_actions(string action)
    {
        ActionTrie trie = new ActionTrieBuilder().Add("s3:*", 0).Add("s3:?*", 1).Add(":", 2).Build();
        Span<ulong> bits = stackalloc ulong[1];
        trie.Match(action, bits);
    }

    [Fact]
    public void Rejects_a_result_span_that_is_too_short()
    {
        ActionTrie trie = new ActionTrieBuilder().Add("s3:*", 64).Build();
        Assert.Throws<ArgumentException>(() => trie.Match("s3:x", new ulong[1]));
    }
}
