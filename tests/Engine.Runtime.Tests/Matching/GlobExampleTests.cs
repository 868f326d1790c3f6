using Engine.Runtime.Matching;

namespace Engine.Runtime.Tests.Matching;

public sealed class GlobExampleTests
{
    [Theory]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("*", "", true)]
    [InlineData("?", "", false)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("*AccessKey*", "ListAccessKeys", true)]
    [InlineData("Get?bject", "GetObject", true)]
    [InlineData("Get?bject", "GetObjectAcl", false)]
    [InlineData(@"a\*", "a*", true)]
    [InlineData(@"a\*", "ab", false)]
    [InlineData(@"a\?", "a?", true)]
    [InlineData(@"a\\", @"a\", true)]
    [InlineData(@"a\", @"a\", true)]
    [InlineData(@"\", @"\", true)]
    [InlineData("home/*", "home/alice/docs", true)]
    [InlineData("a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    public void Case_sensitive(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Glob.IsMatch(pattern, text, ignoreCase: false));
        Assert.Equal(expected, Oracles.Glob(pattern, text, ignoreCase: false));
    }

    [Theory]
    [InlineData("getobject", "GetObject", true, false)]
    [InlineData("*ACCESSKEY*", "ListAccessKeys", true, false)]
    [InlineData("\u00e9t\u00e9", "\u00c9T\u00c9", true, false)]
    [InlineData("a\u0131", "aI", false, false)]
    public void Ignore_case(string pattern, string text, bool ignoreCase, bool caseSensitive)
    {
        Assert.Equal(ignoreCase, Glob.IsMatch(pattern, text, ignoreCase: true));
        Assert.Equal(caseSensitive, Glob.IsMatch(pattern, text, ignoreCase: false));
    }

    [Fact]
    public void Case_folding_agrees_with_ordinal_ignore_case_for_every_character()
    {
        for (int i = 0; i <= char.MaxValue; i++)
        {
            char c = (char)i;
            char folded = CaseFolding.Fold(c);
            Assert.Equal(folded, CaseFolding.Fold(folded));
            Assert.True(string.Equals(c.ToString(), folded.ToString(), StringComparison.OrdinalIgnoreCase), $"U+{i:X4}");
            Assert.Equal(char.ToUpperInvariant(c), folded);
        }
    }
}
