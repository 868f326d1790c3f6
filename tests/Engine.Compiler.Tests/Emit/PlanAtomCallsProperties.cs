using System.Linq.Expressions;
using Engine.Compiler.Emit;
using Engine.Runtime.Evaluation;
using Engine.Runtime.Matching;
using Engine.Testing.Generators;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Compiler.Tests.Emit;

/// <summary>
/// A compiled plan matches a <c>Resource</c> pattern by its mode with the pattern's literals in
/// its own code (<see cref="PlanAtomCalls"/>): each form matches exactly what the classified
/// pattern matches (which MatcherProperties checks against the oracle), over generated patterns of
/// every mode and texts built from them, and one example of each mode.
/// </summary>
public sealed class PlanAtomCallsProperties
{
    // One pattern of each mode the plan writes as literals, a resource it matches and one it does not.
    [Theory]
    [InlineData("arn:aws:s3:::reports/q1.csv", "Exact", "arn:aws:s3:::reports/q1.csv", "arn:aws:s3:::reports/q1.csvx")]
    [InlineData("arn:aws:s3:::reports/*", "Prefix", "arn:aws:s3:::reports/2026/q1.csv", "arn:aws:s3:::report/q1.csv")]
    [InlineData("*:reports/q1.csv", "Suffix", "arn:aws:s3:::bucket:reports/q1.csv", "arn:aws:s3:::bucket/reports/q1.csv")]
    [InlineData("arn:aws:iam::*:user/alice", "PrefixSuffix", "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/bob")]
    [InlineData("arn:aws:s3:::ab*ba", "PrefixSuffix", "arn:aws:s3:::abba", "arn:aws:s3:::aba")]
    [InlineData("*", "Any", "anything at all", null)]
    [InlineData("arn:aws:ec2:*:111122223333:instance/*", "Contains", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", "arn:aws:ec2:eu-west-1:444455556666:instance/i-1")]
    [InlineData("arn:aws:s3:::EXAMPLE/*/test/*", "Contains", "arn:aws:s3:::EXAMPLE/a/b/test/c", "arn:aws:s3:::EXAMPLE/test/c")]
    [InlineData("arn:aws:s3:::report-?.csv", "General", "arn:aws:s3:::report-1.csv", "arn:aws:s3:::report-10.csv")]
    public void Each_mode_matches_by_its_literal_form(string escapedPattern, string mode, string matching, string? notMatching)
    {
        ResourcePattern pattern = ResourcePattern.Create(escapedPattern);
        Assert.Equal(Enum.Parse<GlobMode>(mode), pattern.Mode);
        Func<AuthorizationRequest, bool> literalForm = LiteralForm(pattern);
        Assert.True(literalForm(RequestFor(matching)), $"`{escapedPattern}` should match `{matching}`");
        if (notMatching is not null)
        {
            Assert.False(literalForm(RequestFor(notMatching)), $"`{escapedPattern}` should not match `{notMatching}`");
        }
    }

    [Property(MaxTest = 1500)]
    public Property A_patterns_literal_form_matches_what_the_pattern_matches() =>
        Prop.ForAll(GlobCases.Cases(GlobCases.ArnPattern(arnShaped: false)), c =>
        {
            ResourcePattern pattern = ResourcePattern.Create(c.Pattern);
            bool expected = pattern.IsMatch(c.Text);
            return (LiteralForm(pattern)(RequestFor(c.Text)) == expected)
                .Label($"pattern `{c.Pattern}` text `{c.Text}` mode {pattern.Mode} expected {expected}")
                .Classify(expected, "match")
                .Collect(pattern.Mode);
        });

    private static Func<AuthorizationRequest, bool> LiteralForm(ResourcePattern pattern)
    {
        ParameterExpression request = Expression.Parameter(typeof(AuthorizationRequest), "request");
        return Expression.Lambda<Func<AuthorizationRequest, bool>>(PlanAtomCalls.Match(pattern, request), request).Compile();
    }

    private static AuthorizationRequest RequestFor(string resource)
    {
        var request = new AuthorizationRequest();
        request.SetResource(resource);
        return request;
    }
}
