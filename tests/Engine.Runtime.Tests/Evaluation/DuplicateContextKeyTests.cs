using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Tests.Evaluation;

/// <summary>
/// A request whose context names one key twice, ignoring case, is malformed (iam-semantics.md
/// §1.4). The check compares key fingerprints first; these pin that it still finds every repeat.
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
        var random = new Random(615);
        var request = new AuthorizationRequest();
        for (int round = 0; round < 5_000; round++)
        {
            request.Reset();
            var keys = new List<string>();
            int count = random.Next(0, 12);
            for (int i = 0; i < count; i++)
            {
                string key = pool[random.Next(pool.Length)];
                keys.Add(key);
                request.AddContext(key, "v");
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
}
