using Engine.Compiler.Model;
using Engine.Compiler.Parsing;

namespace Engine.Compiler.Tests.Parsing;

public sealed class ConditionOperatorParserTests
{
    public static TheoryData<string> EveryValidName()
    {
        var data = new TheoryData<string>();
        foreach (ConditionOperatorBase @base in Enum.GetValues<ConditionOperatorBase>())
        {
            bool isNull = @base == ConditionOperatorBase.Null;
            foreach (string prefix in isNull ? [""] : new[] { "", "ForAllValues:", "ForAnyValue:" })
            {
                foreach (string suffix in isNull ? [""] : new[] { "", "IfExists" })
                {
                    data.Add(prefix + @base + suffix);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryValidName))]
    public void Every_operator_of_section_7_2_parses_and_round_trips(string name)
    {
        Assert.True(ConditionOperatorParser.TryParse(name, out ConditionOperator op));
        Assert.Equal(name, op.ToString());
        Assert.True(ConditionOperatorParser.TryParse(name.ToUpperInvariant(), out ConditionOperator upper));
        Assert.True(ConditionOperatorParser.TryParse(name.ToLowerInvariant(), out ConditionOperator lower));
        Assert.Equal(op, upper);
        Assert.Equal(op, lower);
    }

    [Theory]
    [InlineData("")]
    [InlineData("StringLikee")]
    [InlineData("IfExists")]
    [InlineData("NullIfExists")]
    [InlineData("ForAllValues:Null")]
    [InlineData("ForAnyValue:")]
    [InlineData("ForAnyValues:StringLike")]
    [InlineData("ForAnyValue:ForAllValues:StringLike")]
    [InlineData(":StringLike")]
    [InlineData("StringLike ")]
    [InlineData("StringLikeIfExistsIfExists")]
    [InlineData("0")]
    [InlineData("StringLike,Bool")]
    public void Non_operators_are_rejected(string name)
    {
        Assert.False(ConditionOperatorParser.TryParse(name, out ConditionOperator op));
        Assert.Equal(default, op);
    }

    [Fact]
    public void Parts_are_read()
    {
        Assert.True(ConditionOperatorParser.TryParse("ForAnyValue:StringNotEqualsIgnoreCaseIfExists", out ConditionOperator op));
        Assert.Equal(new ConditionOperator(SetOperator.ForAnyValue, ConditionOperatorBase.StringNotEqualsIgnoreCase, true), op);
    }
}
