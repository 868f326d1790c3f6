using Engine.Runtime.Matching;
using Engine.Testing.Generators;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Runtime.Tests.Matching;

/// <summary>
/// The matchers against the regex oracles of <see cref="Oracles"/>, over generated patterns and
/// inputs built from each pattern and then perturbed, so that matches and near misses are both
/// common.
/// </summary>
public sealed class MatcherProperties
{
    [Property(MaxTest = 10000)]
    public Property ArnGlob_and_ResourcePattern_agree_with_the_oracle() =>
        Prop.ForAll(GlobCases.Cases(GlobCases.ArnPattern(arnShaped: false)), c =>
        {
            bool expected = Oracles.Resource(c.Pattern, c.Text);
            ResourcePattern compiled = ResourcePattern.Create(c.Pattern);
            return (ArnGlob.IsMatch(c.Pattern, c.Text) == expected && compiled.IsMatch(c.Text) == expected)
                .Label($"pattern `{c.Pattern}` text `{c.Text}` mode {compiled.Mode} expected {expected}")
                .Classify(expected, "match")
                .Collect(compiled.Mode);
        });

    [Property(MaxTest = 3000)]
    public Property Glob_agrees_with_the_oracle() =>
        Prop.ForAll(GlobCases.Cases(GlobCases.Field(GlobCases.FieldTokens)), c =>
        {
            bool sensitive = Oracles.Glob(c.Pattern, c.Text, ignoreCase: false);
            bool insensitive = Oracles.Glob(c.Pattern, c.Text, ignoreCase: true);
            return (Glob.IsMatch(c.Pattern, c.Text, ignoreCase: false) == sensitive
                    && Glob.IsMatch(c.Pattern, c.Text, ignoreCase: true) == insensitive)
                .Label($"pattern `{c.Pattern}` text `{c.Text}`")
                .Classify(sensitive, "match");
        });

    /// <summary>A <c>StringLike</c> value: glob tokens with colons, so that a star that would be confined in an ARN field is still free here.</summary>
    private static readonly string[] s_likeTokens =
        ["a", "b", ":", "/", "ab", "*", "*", "*", "?", @"\*", @"\?", @"\\", @"\"];

    [Property(MaxTest = 10000)]
    public Property Classified_StringLike_agrees_with_the_glob_and_the_oracle() =>
        Prop.ForAll(GlobCases.Cases(GlobCases.Field(s_likeTokens)), c =>
        {
            bool expected = Oracles.Glob(c.Pattern, c.Text, ignoreCase: false);
            ResourcePattern classified = ResourcePattern.CreateStringLike(c.Pattern);
            return (classified.IsMatch(c.Text) == expected && Glob.IsMatch(c.Pattern, c.Text, ignoreCase: false) == expected)
                .Label($"pattern `{c.Pattern}` text `{c.Text}` mode {classified.Mode} expected {expected}")
                .Classify(expected, "match")
                .Collect(classified.Mode);
        });

    [Property(MaxTest = 3000)]
    public Property ArnLike_agrees_with_the_oracle() =>
        Prop.ForAll(GlobCases.Cases(GlobCases.ArnPattern(arnShaped: true)), c =>
        {
            bool expected = Oracles.ArnLike(c.Pattern, c.Text);
            return (ArnGlob.IsArnLikeMatch(c.Pattern, c.Text) == expected)
                .Label($"pattern `{c.Pattern}` text `{c.Text}` expected {expected}")
                .Classify(expected, "match");
        });
}
