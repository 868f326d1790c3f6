using System.Text;
using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Tests.Evaluation;

/// <summary>
/// <see cref="KeyText.EqualsIgnoreCase"/> (ASCII fast path) against ordinal ignore case, and the
/// fingerprint that lets the duplicate-key check and the slot lookup skip unequal keys.
/// </summary>
public sealed class KeyTextTests
{
    [Theory]
    [InlineData("aws:MultiFactorAuthPresent", "AWS:multifactorauthpresent", true)]
    [InlineData("aws:username", "aws:usernamf", false)]
    [InlineData("aws:user@", "aws:user`", false)]
    [InlineData("aws:user[", "aws:user{", false)]
    [InlineData("s3:prefix", "s3:prefix ", false)]
    [InlineData("", "", true)]
    [InlineData("caf\u00e9", "CAF\u00c9", true)]
    [InlineData("aws:Kelvin", "aws:\u212aelvin", false)]
    public void Examples(string a, string b, bool expected)
    {
        Assert.Equal(a.Equals(b, StringComparison.OrdinalIgnoreCase), expected);
        Assert.Equal(expected, KeyText.EqualsIgnoreCase(a, b));
        Assert.Equal(expected, KeyText.EqualsIgnoreCase(b, a));
    }

    [Fact]
    public void Agrees_with_ordinal_ignore_case_on_random_keys_with_and_without_non_ascii()
    {
        const string Alphabet = "aAbBzZ:/-_@[`{09\u00e9\u00c9\u0131I\u017fsS\u212akK\u20ac";
        var random = new Random(1128);
        for (int round = 0; round < 50_000; round++)
        {
            int length = random.Next(0, 40);
            var a = new StringBuilder(length);
            for (int i = 0; i < length; i++)
            {
                a.Append(Alphabet[random.Next(Alphabet.Length)]);
            }

            // b: a with some characters case-flipped or replaced, so equal pairs are common.
            var b = new StringBuilder(a.ToString());
            for (int i = 0; i < length; i++)
            {
                int roll = random.Next(10);
                if (roll < 4)
                {
                    b[i] = char.IsUpper(b[i]) ? char.ToLowerInvariant(b[i]) : char.ToUpperInvariant(b[i]);
                }
                else if (roll == 4 && random.Next(4) == 0)
                {
                    b[i] = Alphabet[random.Next(Alphabet.Length)];
                }
            }

            string x = a.ToString(), y = b.ToString();
            bool equal = x.Equals(y, StringComparison.OrdinalIgnoreCase);
            Assert.True(equal == KeyText.EqualsIgnoreCase(x, y), $"\"{x}\" vs \"{y}\"");

            // The fingerprint may only tell keys apart that are unequal.
            Assert.True(!equal || KeyText.MayBeEqual(KeyText.Fingerprint(x), KeyText.Fingerprint(y)), $"fingerprints of \"{x}\" and \"{y}\"");
        }
    }

    [Theory]
    [InlineData("aws:PrincipalTag/team", "AWS:principaltag/TEAM")]
    [InlineData("aws:\u017fourceIp", "aws:SourceIp")] // a non-ASCII look-alike: compared, whatever ordinal ignore-case says
    [InlineData("s3:prefi\u017f", "s3:prefiS")]
    [InlineData("a\u017f", "AS")]
    [InlineData("", "")]
    public void Equal_keys_have_fingerprints_that_may_be_equal(string a, string b)
    {
        Assert.Equal(a.Equals(b, StringComparison.OrdinalIgnoreCase), KeyText.EqualsIgnoreCase(a, b));
        Assert.True(KeyText.MayBeEqual(KeyText.Fingerprint(a), KeyText.Fingerprint(b)));
    }

    [Theory]
    [InlineData("aws:PrincipalTag/team", "aws:PrincipalTag/role")]
    [InlineData("aws:SecureTransport", "aws:RequestedRegion")] // same length, same front
    [InlineData("aws:username", "aws:SourceIp")]
    [InlineData("ab", "abc")]
    public void Unequal_ascii_keys_are_told_apart_by_their_fingerprints(string a, string b)
    {
        Assert.False(KeyText.MayBeEqual(KeyText.Fingerprint(a), KeyText.Fingerprint(b)));
    }
}
