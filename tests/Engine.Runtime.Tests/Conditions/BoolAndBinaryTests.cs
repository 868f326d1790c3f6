using Engine.Runtime.Conditions;

namespace Engine.Runtime.Tests.Conditions;

public sealed class BoolAndBinaryTests
{
    [Theory]
    [InlineData("true", true, true)]
    [InlineData("TRUE", true, true)]
    [InlineData("False", true, false)]
    [InlineData("false", true, false)]
    [InlineData("", false, false)]
    [InlineData("1", false, false)]
    [InlineData("yes", false, false)]
    [InlineData(" true", false, false)]
    [InlineData("truee", false, false)]
    public void Bool(string text, bool parses, bool value)
    {
        Assert.Equal(parses, BoolValue.TryParse(text, out bool parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("QmluYXJ5", "QmluYXJ5", true)]
    [InlineData("QmluYXJ5", "QmluYXJ6", false)]
    [InlineData("QQ==", "QQ==", true)]
    [InlineData("QQ==", "QQ", false)]
    [InlineData("QQ==", " QQ== ", true)]
    [InlineData("QUI=", "QQ==", false)]
    [InlineData("QQ==", "QUJD", false)]
    [InlineData("", "", true)]
    [InlineData("", "QQ==", false)]
    [InlineData("not base64!", "not base64!", true)]
    [InlineData("not base64!", "not base64?", false)]
    [InlineData("QQ==", "not base64!", false)]
    [InlineData("not base64!", "QQ==", false)]
    public void Binary(string policy, string request, bool expected) =>
        Assert.Equal(expected, BinaryLiteral.Create(policy).Equals(request.AsSpan()));

    [Fact]
    public void Binary_values_longer_than_the_stack_buffer()
    {
        byte[] bytes = new byte[5000];
        new Random(7).NextBytes(bytes);
        string text = Convert.ToBase64String(bytes);
        BinaryLiteral literal = BinaryLiteral.Create(text);
        Assert.True(literal.IsValidBase64);
        Assert.True(literal.Equals(text.AsSpan()));
        bytes[4999] ^= 1;
        Assert.False(literal.Equals(Convert.ToBase64String(bytes).AsSpan()));
    }
}
