using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Testing.Generators;

/// <summary>
/// Glob patterns (<c>Resource</c> entries, <c>StringLike</c> values) and texts built from each
/// pattern and then perturbed, so that matches and near misses are both common: for the matchers'
/// properties (Engine.Runtime.Tests) and the compiled plans' literal forms (Engine.Compiler.Tests).
/// </summary>
public static class GlobCases
{
    /// <summary>Glob tokens of one ARN field: letters, separators, wildcards and escapes.</summary>
    public static readonly IReadOnlyList<string> FieldTokens =
        ["a", "b", "aws", "s3", "x/", "/", "-", "*", "*", "*", "?", @"\*", @"\?", @"\\", @"\", "ab"];

    private static readonly string[] s_fill = ["", "a", "b", ":", "/", "x", "ab", "a:b", "::"];

    /// <summary>Up to four tokens, more as the size grows.</summary>
    public static Gen<string> Field(IReadOnlyList<string> tokens) =>
        Gen.Sized(size => Gen.Choose(0, Math.Min(4, 1 + (size / 10)))
            .SelectMany(n => Gen.ArrayOf(Gen.Elements(tokens), n))
            .Select(parts => string.Concat(parts)));

    /// <summary>Up to seven fields joined by colons, often starting with <c>arn</c>.</summary>
    public static Gen<string> ArnPattern(bool arnShaped) =>
        from count in arnShaped ? Gen.Choose(6, 8) : Gen.Choose(1, 8)
        from fields in Gen.ArrayOf(Field(FieldTokens), count)
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

    /// <summary>A pattern and a text built from it (<see cref="Instantiate"/>).</summary>
    public static Arbitrary<(string Pattern, string Text)> Cases(Gen<string> patterns) =>
        Arb.From(
            from pattern in patterns
            from seed in Gen.Choose(0, int.MaxValue)
            select (pattern, Instantiate(pattern, seed)));
}
