using System.Text;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;
using static Engine.Compiler.Tests.Parsing.ParseAssert;

namespace Engine.Compiler.Tests.Parsing;

/// <summary>What a valid document becomes (iam-semantics.md §2.2–§2.6).</summary>
public sealed class PolicyParserModelTests
{
    [Fact]
    public void Version_absent_means_2008_without_version()
    {
        PolicyDocument document = Valid($$"""{"Statement":[{{AllowGet}}]}""");
        Assert.Equal(PolicyVersion.V20081017, document.Version);
        Assert.False(document.HasVersion);
        Assert.False(document.RecognisesVariables);
    }

    [Theory]
    [InlineData("2012-10-17", PolicyVersion.V20121017)]
    [InlineData("2008-10-17", PolicyVersion.V20081017)]
    public void Version_is_read(string text, PolicyVersion version)
    {
        PolicyDocument document = Valid($$"""{"Version":"{{text}}","Statement":[]}""");
        Assert.Equal(version, document.Version);
        Assert.True(document.HasVersion);
        Assert.Empty(document.Statements);
    }

    [Fact]
    public void Statement_may_be_a_single_object()
    {
        PolicyDocument document = Valid($$"""{"Id":"doc","Statement":{{AllowGet}}}""");
        Statement statement = Assert.Single(document.Statements);
        Assert.Equal("doc", document.Id);
        Assert.Equal(0, statement.Index);
        Assert.Equal(Effect.Allow, statement.Effect);
        Assert.Equal(["s3:GetObject"], statement.Action.Patterns.ToArray());
        Assert.False(statement.Action.IsNot);
        Assert.Equal(["*"], statement.Resource!.Patterns.ToArray());
        Assert.Null(statement.Principal);
        Assert.Empty(statement.Conditions);
    }

    [Fact]
    public void Statements_keep_document_order_sid_and_not_forms()
    {
        PolicyDocument document = Valid($$"""
            {"Version":"2012-10-17","Statement":[
              {{AllowGet}},
              {"Sid":"Second","Effect":"Deny","NotAction":["iam:*","sts:*"],"NotResource":"arn:aws:iam::*:role/x"}
            ]}
            """);
        Statement second = document.Statements[1];
        Assert.Equal((1, "Second", Effect.Deny), (second.Index, second.Sid, second.Effect));
        Assert.True(second.Action.IsNot);
        Assert.Equal(["iam:*", "sts:*"], second.Action.Patterns.ToArray());
        Assert.True(second.Resource!.IsNot);
    }

    [Fact]
    public void Principal_star_is_one_aws_entry()
    {
        PolicyDocument document = Valid(Policy("""{"Effect":"Allow","Principal":"*","Action":"s3:*"}"""), PolicyKind.Resource);
        PrincipalElement principal = document.Statements[0].Principal!;
        Assert.False(principal.IsNot);
        Assert.Equal([new PrincipalEntry(PrincipalType.Aws, "*")], principal.Entries.ToArray());
    }

    [Fact]
    public void Principal_map_entries_keep_document_order()
    {
        string json = Policy("""
            {"Effect":"Deny","NotPrincipal":{"Service":"s3.amazonaws.com","AWS":["1","arn:aws:iam::2:root"],"Federated":"cognito-identity.amazonaws.com","CanonicalUser":"abc"},"Action":"s3:*"}
            """);
        PrincipalElement principal = Valid(json, PolicyKind.Resource).Statements[0].Principal!;
        Assert.True(principal.IsNot);
        Assert.Equal(
            [
                new PrincipalEntry(PrincipalType.Service, "s3.amazonaws.com"),
                new PrincipalEntry(PrincipalType.Aws, "1"),
                new PrincipalEntry(PrincipalType.Aws, "arn:aws:iam::2:root"),
                new PrincipalEntry(PrincipalType.Federated, "cognito-identity.amazonaws.com"),
                new PrincipalEntry(PrincipalType.CanonicalUser, "abc"),
            ],
            principal.Entries.ToArray());
    }

    [Fact]
    public void Numbers_and_booleans_in_conditions_keep_their_json_text()
    {
        string json = Policy("""
            {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{
              "NumericLessThan":{"s3:max-keys":[10, 1.2, -0.50, 1E+3]},
              "Bool":{"aws:SecureTransport":true,"aws:ViaAWSService":false},
              "StringEquals":{"aws:username":"\u0061lice"}}}
            """);
        Statement statement = Valid(json).Statements[0];
        Assert.Equal(["10", "1.2", "-0.50", "1E+3"], statement.Conditions[0].Values.ToArray());
        Assert.Equal(["true"], statement.Conditions[1].Values.ToArray());
        Assert.Equal(["false"], statement.Conditions[2].Values.ToArray());
        Assert.Equal(["alice"], statement.Conditions[3].Values.ToArray());
    }

    [Fact]
    public void One_condition_per_operator_and_key_in_document_order()
    {
        string json = Policy("""
            {"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{
              "forallvalues:stringlikeIFEXISTS":{"aws:TagKeys":["a*","b*"],"aws:b":"x"},
              "Null":{"aws:TagKeys":"false"},
              "DateLessThan":{}}}
            """);
        Statement statement = Valid(json).Statements[0];
        Assert.Equal(
            [
                new Condition(new ConditionOperator(SetOperator.ForAllValues, ConditionOperatorBase.StringLike, true), "forallvalues:stringlikeIFEXISTS", "aws:TagKeys", ["a*", "b*"]),
                new Condition(new ConditionOperator(SetOperator.ForAllValues, ConditionOperatorBase.StringLike, true), "forallvalues:stringlikeIFEXISTS", "aws:b", ["x"]),
                new Condition(new ConditionOperator(SetOperator.None, ConditionOperatorBase.Null, false), "Null", "aws:TagKeys", ["false"]),
            ],
            statement.Conditions,
            ConditionComparer.Instance);
    }

    [Fact]
    public void Empty_condition_is_allowed()
    {
        Assert.Empty(Valid(Policy("""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{}}""")).Statements[0].Conditions);
    }

    [Fact]
    public void Origin_shifts_lines_and_the_first_line_columns()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"Statement\":[],\n  \"x\":1, \"y\":2}");
        PolicyParseResult result = PolicyParser.Parse(json, PolicyKind.Identity, new SourceLocation(10, 5));
        Assert.Equal([new SourceLocation(11, 3), new SourceLocation(11, 10)], result.Errors.Select(e => e.Location));

        PolicyParseResult firstLine = PolicyParser.Parse("""{"Version":"1","Statement":[]}"""u8, PolicyKind.Identity, new SourceLocation(10, 5));
        Assert.Equal(new SourceLocation(10, 16), Assert.Single(firstLine.Errors).Location);
    }

    [Fact]
    public void Origin_shifts_json_syntax_errors_too()
    {
        PolicyParseResult result = PolicyParser.Parse("{\n  \"Statement\": [],,\n}"u8, PolicyKind.Identity, new SourceLocation(3, 9));
        Assert.Equal(new SourceLocation(4, 19), Assert.Single(result.Errors).Location);
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        PolicyError error = Assert.Single(PolicyParser.Parse("""{"Id":"ééé","x":1,"Statement":[]}""", PolicyKind.Identity).Errors);
        Assert.Equal(new SourceLocation(1, 13), error.Location);
    }

    [Fact]
    public void Byte_order_mark_is_skipped()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. """{"Statement":[]}"""u8];
        Assert.True(PolicyParser.Parse(json, PolicyKind.Identity).Success);
    }

    [Fact]
    public void Parse_or_throw_returns_the_document()
    {
        Assert.Single(PolicyParser.ParseOrThrow(Encoding.UTF8.GetBytes(Policy(AllowGet)), PolicyKind.Identity).Statements);
    }

    private sealed class ConditionComparer : IEqualityComparer<Condition>
    {
        public static readonly ConditionComparer Instance = new();

        public bool Equals(Condition? x, Condition? y) =>
            x is not null && y is not null && x.Operator == y.Operator && x.OperatorText == y.OperatorText
            && x.Key == y.Key && x.Values.SequenceEqual(y.Values.ToArray());

        public int GetHashCode(Condition obj) => obj.Key.GetHashCode(StringComparison.Ordinal);
    }
}
