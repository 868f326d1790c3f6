using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Tests.Evaluation;

/// <summary>
/// A request whose context names one key twice, ignoring case, is malformed (iam-semantics.md
/// §1.4). The check passes a new key whose fingerprint's bit is clear, compares fingerprints
/// before text, and atomized keys (<see cref="ConditionKey"/>) by reference; these pin that it still
/// finds every repeat, however the keys were given.
/// </summary>
public sealed class DuplicateContextKeyTests
{
    [Theory]
    [InlineData("aws:SourceIp", "AWS:sourceip")]
    [InlineData("aws:PrincipalTag/team", "aws:principaltag/TEAM")]
    [InlineData("aws:SourceIp", "aws:\u017fourceIp")]
    [InlineData("aws:SourceIp", "aws:SourceIP ")]
    [InlineData("aws:SecureTransport", "aws:RequestedRegion")]
    [InlineData("k", "K")]
    [InlineData("caf\u00e9", "CAF\u00c9")]
    public void A_repeat_is_found_exactly_when_the_keys_are_equal_ignoring_case(string first, string second)
    {
        bool expected = first.Equals(second, StringComparison.OrdinalIgnoreCase);
        var request = new AuthorizationRequest();
        request.AddContext("aws:username", "alice");
        request.AddContext(first, "1");
        request.AddContext("aws:CurrentTime", "2026-03-01T12:00:00Z");
        request.BeginMultivaluedContext(second);
        request.AddContextValue("2");

        Assert.Equal(expected, request.HasDuplicateContextKey);

        // Reset forgets it; the UTF-8 path finds the same.
        request.Reset();
        Assert.False(request.HasDuplicateContextKey);
        request.AddContextUtf8(System.Text.Encoding.UTF8.GetBytes(second), "2"u8);
        request.AddContextUtf8(System.Text.Encoding.UTF8.GetBytes(first), "1"u8);
        Assert.Equal(expected, request.HasDuplicateContextKey);
    }

    [Fact]
    public void Agrees_with_a_pairwise_ordinal_ignore_case_check_on_random_requests()
    {
        string[] pool =
        [
            "aws:username", "AWS:USERNAME", "aws:SourceIp", "aws:\u017fourceIp", "aws:userid", "aws:UserId",
            "aws:PrincipalTag/team", "aws:PrincipalTag/Team", "aws:PrincipalTag/role", "s3:prefix", "S3:Prefix",
            "aws:RequestedRegion", "aws:SecureTransport", "x", "X", "\u212a", "k", "aws:TagKeys",
        ];
        // Many distinct keys too, so that requests of up to 80 keys fill the 64-bit filter.
        string[] many = [.. pool, .. Enumerable.Range(0, 200).Select(i => $"ec2:ResourceTag/k{i}")];
        var random = new Random(615);
        var request = new AuthorizationRequest();
        for (int round = 0; round < 5_000; round++)
        {
            request.Reset();
            var keys = new List<string>();
            bool large = random.Next(4) == 0;
            int count = random.Next(0, large ? 80 : 12);
            for (int i = 0; i < count; i++)
            {
                string key = large ? many[random.Next(many.Length)] : pool[random.Next(pool.Length)];
                keys.Add(key);
                Add(request, key, random.Next(3));
            }

            bool expected = false;
            for (int i = 0; i < keys.Count; i++)
            {
                for (int j = i + 1; j < keys.Count; j++)
                {
                    expected |= keys[i].Equals(keys[j], StringComparison.OrdinalIgnoreCase);
                }
            }

            Assert.True(expected == request.HasDuplicateContextKey, string.Join(", ", keys));
        }
    }

    [Fact]
    public void Two_atomized_spellings_of_one_key_repeat_it_and_two_keys_do_not()
    {
        var request = new AuthorizationRequest();
        request.AddContext(ConditionKey.Get("aws:PrincipalTag/Team"), "a");
        request.AddContext(ConditionKey.Get("aws:PrincipalTag/Role"), "b");
        Assert.False(request.HasDuplicateContextKey);
        request.BeginMultivaluedContext(ConditionKey.Get("AWS:principaltag/team"));
        Assert.True(request.HasDuplicateContextKey);
    }

    // Way 0: a string; 1: the atomized key; 2: UTF-8 bytes.
    private static void Add(AuthorizationRequest request, string key, int way)
    {
        switch (way)
        {
            case 0:
                request.AddContext(key, "v");
                break;
            case 1:
                request.AddContext(ConditionKey.Get(key), "v");
                break;
            default:
                request.AddContextUtf8(System.Text.Encoding.UTF8.GetBytes(key), "v"u8);
                break;
        }
    }
}
