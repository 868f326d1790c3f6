using System.Text;
using Engine.Runtime.Matching;

namespace Engine.Runtime.Tests.Matching;

/// <summary>
/// <see cref="ActionText.TryFoldWellFormed"/> (vectorised shape check and fold) against a scalar
/// oracle: §1.1's shape rule and <see cref="CaseFolding.Fold"/> per character.
/// </summary>
public sealed class ActionTextTests
{
    // Letters of both cases, the characters the shape rule reads, the 0x20-bit neighbours of the
    // letters ('@', '[', '`', '{'), and non-ASCII that folds (é, ı, ſ, Kelvin sign) or does not (€).
    private const string Alphabet = "abcxyzABCXYZ09:*?-_@[`{\u00e9\u0131\u017f\u212a\u20ac";

    [Theory]
    [InlineData("s3:GetObject", true)]
    [InlineData("iam:CreateUser", true)]
    [InlineData("s3:", false)]
    [InlineData(":GetObject", false)]
    [InlineData("s3GetObject", false)]
    [InlineData("s3:Get:Object", false)]
    [InlineData("s3:Get*", false)]
    [InlineData("s3:Get?bject", false)]
    [InlineData("", false)]
    [InlineData("a:b", true)]
    [InlineData("abcdefg:hijklmnopq", true)]
    [InlineData("abcdefgh:ijklmnopq:", false)]
    [InlineData("s3:GetObjectVersionTagging\u00e9", true)]
    [InlineData("s\u00e9:GetObjectVersionTagging*", false)]
    public void Examples(string action, bool wellFormed)
    {
        char[] folded = new char[action.Length];
        Assert.Equal(wellFormed, ActionText.TryFoldWellFormed(action, folded));
        Assert.Equal(Oracle(action, out string expected), wellFormed);
        if (wellFormed)
        {
            Assert.Equal(expected, new string(folded));
        }
    }

    [Fact]
    public void Agrees_with_the_scalar_oracle_on_random_text_of_every_length_up_to_70()
    {
        var random = new Random(20261128);
        for (int round = 0; round < 20_000; round++)
        {
            int length = random.Next(0, 71);
            string action = RandomAction(random, length);
            char[] folded = new char[length];
            bool actual = ActionText.TryFoldWellFormed(action, folded);
            bool expected = Oracle(action, out string expectedFold);
            Assert.True(expected == actual, $"shape of \"{action}\"");
            if (expected)
            {
                Assert.Equal(expectedFold, new string(folded));
            }
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    public void Places_every_colon_and_non_ascii_position_correctly_around_vector_widths(int length)
    {
        // One colon at every position, and a non-ASCII letter or wildcard at every other position.
        foreach (char odd in "\u00e9*?:Z")
        {
            for (int colon = 0; colon < length; colon++)
            {
                for (int at = -1; at < length; at++)
                {
                    var text = new StringBuilder(new string('q', length));
                    text[colon] = ':';
                    if (at >= 0 && at != colon)
                    {
                        text[at] = odd;
                    }

                    string action = text.ToString();
                    char[] folded = new char[length];
                    bool expected = Oracle(action, out string expectedFold);
                    Assert.True(expected == ActionText.TryFoldWellFormed(action, folded), $"shape of \"{action}\"");
                    if (expected)
                    {
                        Assert.Equal(expectedFold, new string(folded));
                    }
                }
            }
        }
    }

    private static string RandomAction(Random random, int length)
    {
        // Mostly well-formed ASCII actions (one colon, letters), so both answers are common.
        bool asciiLetters = random.Next(3) > 0;
        var text = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            text.Append(asciiLetters && random.Next(20) > 0
                ? (char)(random.Next(2) == 0 ? 'a' + random.Next(26) : 'A' + random.Next(26))
                : Alphabet[random.Next(Alphabet.Length)]);
        }

        if (asciiLetters && length >= 3)
        {
            text[random.Next(length)] = ':';
        }

        return text.ToString();
    }

    private static bool Oracle(string action, out string folded)
    {
        folded = string.Concat(action.Select(CaseFolding.Fold));
        int colons = action.Count(c => c == ':');
        int colon = action.IndexOf(':', StringComparison.Ordinal);
        return colons == 1 && colon > 0 && colon < action.Length - 1 && !action.Contains('*', StringComparison.Ordinal) && !action.Contains('?', StringComparison.Ordinal);
    }
}
