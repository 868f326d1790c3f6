using System.Text;
using Engine.Runtime.Matching;
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
    private static readonly string[] s_fieldTokens =
        ["a", "b", "aws", "s3", "x/", "/", "-", "*", "*", "*", "?", @"\*", @"\?", @"\\", @"\", "ab"];

    private static readonly string[] s_fill = ["", "a", "b", ":", "/", "x", "ab", "a:b", "::"];

    private static Gen<string> Field(string[] tokens) =>
        Gen.Sized(size => Gen.Choose(0, Math.Min(4, 1 + (size / 10)))
            .SelectMany(n => Gen.ArrayOf(Gen.Elements(tokens), n))
            .Select(parts => string.Concat(parts)));

    /// <summary>Up to seven fields joined by colons, often starting with <c>arn</c>.</summary>
    private static Gen<string> ArnPattern(bool arnShaped) =>
        from count in arnShaped ? Gen.Choose(6, 8) : Gen.Choose(1, 8)
        from fields in Gen.ArrayOf(Field(s_fieldTokens), count)
        from arn in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(arnShaped)))
        select (arn ? "arn:" : string.Empty) + string.Join(':', arn ? fields[1..] : fields);

    /// <summary>A text the pattern would match, then sometimes one random edit.</summary>
    private static string Instantiate(string escapedPattern, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (int i = 0; i < escapedPattern.Length; i++)
        {
            char c = escapedPattern[i];
            if (c == '\\' && i + 1 < escapedPattern.Length)
            {
                text.Append(escapedPattern[++i]);
            }
            else if (c == '*')
            {
                for (int n = random.Next(3); n > 0; n--)
                {
                    text.Append(s_fill[random.Next(s_fill.Length)]);
                }
            }
            else if (c == '?')
            {
                text.Append("ab:/"[random.Next(4)]);
            }
            else
            {
                text.Append(c);
            }
        }

        switch (random.Next(6))
        {
            case 0 when text.Length > 0:
                text.Remove(random.Next(text.Length), 1);
                break;
            case 1:
                text.Insert(random.Next(text.Length + 1), "a:/*"[random.Next(4)]);
                break;
            case 2 when text.Length > 0:
                text[random.Next(text.Length)] = "ab:/A"[random.Next(5)];
                break;
        }

        return text.ToString();
    }

    private static Arbitrary<(string Pattern, string Text)> Cases(Gen<string> patterns) =>
        Arb.From(
            from pattern in patterns
            from seed in Gen.Choose(0, int.MaxValue)
            select (pattern, Instantiate(pattern, seed)));

    [Property(MaxTest = 10000)]
    public Property ArnGlob_and_ResourcePattern_agree_with_the_oracle() =>
        Prop.ForAll(Cases(ArnPattern(arnShaped: false)), c =>
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
        Prop.ForAll(Cases(Field(s_fieldTokens)), c =>
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
        Prop.ForAll(Cases(Field(s_likeTokens)), c =>
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
        Prop.ForAll(Cases(ArnPattern(arnShaped: true)), c =>
        {
            bool expected = Oracles.ArnLike(c.Pattern, c.Text);
            return (ArnGlob.IsArnLikeMatch(c.Pattern, c.Text) == expected)
                .Label($"pattern `{c.Pattern}` text `{c.Text}` expected {expected}")
                .Classify(expected, "match");
        });
}
