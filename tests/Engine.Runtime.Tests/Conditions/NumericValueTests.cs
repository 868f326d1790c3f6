using Engine.Runtime.Conditions;

namespace Engine.Runtime.Tests.Conditions;

public sealed class NumericValueTests
{
    [Theory]
    [InlineData("10", "10.0", 0)]
    [InlineData("10", "10", 0)]
    [InlineData("-0", "0", 0)]
    [InlineData("-0.000", "+0", 0)]
    [InlineData("007", "7", 0)]
    [InlineData("2.50", "2.5", 0)]
    [InlineData("0.5", "0.50000000000000000000000001", -1)]
    [InlineData("-3", "2", -1)]
    [InlineData("2", "-3", 1)]
    [InlineData("-3", "-2", -1)]
    [InlineData("-2.5", "-2.49", -1)]
    [InlineData("100", "99.999", 1)]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567891", -1)]
    [InlineData("123456789012345678901234567890.1", "123456789012345678901234567890.09", 1)]
    [InlineData("0.1", "0.09", 1)]
    public void Compares_exactly(string request, string policy, int expected)
    {
        Assert.True(NumericLiteral.TryCreate(policy, out NumericLiteral? literal));
        Assert.True(NumericValue.TryCompare(request, literal, out int comparison));
        Assert.Equal(expected, comparison);

        // Antisymmetry: swapping sides flips the sign.
        Assert.True(NumericLiteral.TryCreate(request, out NumericLiteral? reverse));
        Assert.True(NumericValue.TryCompare(policy, reverse, out int back));
        Assert.Equal(-expected, back);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1,000")]
    [InlineData("--1")]
    [InlineData("1.2.3")]
    [InlineData("\u0661")]
    [InlineData("NaN")]
    public void Rejects_anything_outside_the_grammar(string text)
    {
        Assert.False(NumericLiteral.TryCreate(text, out _));
        Assert.True(NumericLiteral.TryCreate("1", out NumericLiteral? one));
        Assert.False(NumericValue.TryCompare(text, one, out _));
    }

    [Fact]
    public void Normalises_the_policy_side()
    {
        Assert.True(NumericLiteral.TryCreate("-000120.500", out NumericLiteral? value));
        Assert.Equal("-120.5", value.ToString());
        Assert.True(NumericLiteral.TryCreate("-0.0", out value));
        Assert.Equal("0", value.ToString());
    }
}
