using System.Text;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;
using FsCheck.Xunit;

namespace Engine.Compiler.Tests.Parsing;

/// <summary>
/// Kestrel-style parser tests: every truncation, every splice point, hostile sizes and depths.
/// Parse must never throw and never return a document together with errors.
/// </summary>
public sealed class PolicyParserRobustnessTests
{
    private const string Sample = """
        {
          "Version": "2012-10-17",
          "Id": "ünïcode-id",
          "Statement": [
            {
              "Sid": "A",
              "Effect": "Allow",
              "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "444455556666"], "Service": "s3.amazonaws.com"},
              "Action": ["s3:GetObject", "s3:List*"],
              "Resource": "arn:aws:s3:::b/${aws:username}/*",
              "Condition": {
                "NumericLessThan": {"s3:max-keys": [10, 1.5e3]},
                "Bool": {"aws:SecureTransport": true},
                "ForAnyValue:StringLike": {"aws:TagKeys": ["a*", "b\u00e9"]}
              }
            }
          ]
        }
        """;

    private static readonly byte[] s_sample = Encoding.UTF8.GetBytes(Sample);

    [Fact]
    public void Sample_is_valid()
    {
        Assert.True(PolicyParser.Parse(s_sample, PolicyKind.Resource).Success);
    }

    [Fact]
    public void Every_truncation_fails_with_errors_and_no_document()
    {
        for (int length = 0; length < s_sample.Length; length++)
        {
            PolicyParseResult result = PolicyParser.Parse(s_sample.AsSpan(0, length), PolicyKind.Resource);
            Assert.False(result.Success, $"prefix of {length} bytes");
            Assert.Null(result.Document);
            Assert.NotEmpty(result.Errors);
            Assert.All(result.Errors, e => Assert.True(e.Location.Line >= 1 && e.Location.Column >= 1));
        }
    }

    [Theory]
    [InlineData((byte)'}')]
    [InlineData((byte)'{')]
    [InlineData((byte)'"')]
    [InlineData((byte)',')]
    [InlineData((byte)'[')]
    [InlineData((byte)'\\')]
    [InlineData((byte)'x')]
    [InlineData((byte)0)]
    [InlineData((byte)0xFF)]
    [InlineData((byte)0xC3)]
    public void Garbage_spliced_at_every_position_never_throws(byte garbage)
    {
        for (int i = 0; i <= s_sample.Length; i++)
        {
            byte[] inserted = [.. s_sample.AsSpan(0, i), garbage, .. s_sample.AsSpan(i)];
            AssertConsistent(PolicyParser.Parse(inserted, PolicyKind.Resource));
            if (i < s_sample.Length)
            {
                byte[] replaced = (byte[])s_sample.Clone();
                replaced[i] = garbage;
                AssertConsistent(PolicyParser.Parse(replaced, PolicyKind.Resource));
            }
        }
    }

    [Property(MaxTest = 500)]
    public void Arbitrary_bytes_never_throw(byte[] bytes)
    {
        AssertConsistent(PolicyParser.Parse(bytes, PolicyKind.Identity));
    }

    [Property(MaxTest = 500)]
    public void Arbitrary_text_never_throws(string text)
    {
        AssertConsistent(PolicyParser.Parse(text ?? string.Empty, PolicyKind.Rcp));
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_invalid_json()
    {
        byte[] bytes = [.. "{\"Id\":\""u8, 0xC3, 0x28, .. "\",\"Statement\":[]}"u8];
        PolicyError error = Assert.Single(PolicyParser.Parse(bytes, PolicyKind.Identity).Errors);
        Assert.Equal(PolicyErrorCode.InvalidJson, error.Code);
    }

    [Fact]
    public void Deep_nesting_is_a_clear_invalid_json_error()
    {
        string json = "{\"Statement\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        PolicyError error = Assert.Single(PolicyParser.Parse(json, PolicyKind.Identity).Errors);
        Assert.Equal(PolicyErrorCode.InvalidJson, error.Code);
        Assert.Equal("the JSON nests deeper than 64 levels", error.Message);
    }

    [Fact]
    public void Nesting_just_inside_the_limit_is_read_and_rejected_by_type()
    {
        string json = "{\"Id\":" + new string('[', 62) + new string(']', 62) + ",\"Statement\":[]}";
        PolicyError error = Assert.Single(PolicyParser.Parse(json, PolicyKind.Identity).Errors);
        Assert.Equal(PolicyErrorCode.InvalidType, error.Code);
    }

    [Fact]
    public void Five_megabytes_of_whitespace_is_an_empty_document()
    {
        byte[] bytes = new byte[5 * 1024 * 1024];
        bytes.AsSpan().Fill((byte)' ');
        PolicyError error = Assert.Single(PolicyParser.Parse(bytes, PolicyKind.Identity).Errors);
        Assert.Equal("the document is empty", error.Message);
    }

    [Fact]
    public void Hundred_thousand_statements_parse()
    {
        var builder = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        for (int i = 0; i < 100_000; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append(ParseAssert.AllowGet);
        }

        var document = ParseAssert.Valid(builder.Append("]}").ToString());
        Assert.Equal(100_000, document.Statements.Length);
        Assert.Equal(99_999, document.Statements[^1].Index);
    }

    [Fact]
    public void Huge_object_finds_a_late_duplicate()
    {
        var builder = new StringBuilder("{\"Statement\":[],\"Id\":\"x\"");
        for (int i = 0; i < 100_000; i++)
        {
            builder.Append(",\"k").Append(i).Append("\":1");
        }

        builder.Append(",\"k5\":2}");
        IReadOnlyList<PolicyError> errors = ParseAssert.Invalid(builder.ToString());
        Assert.Equal(100_001, errors.Count);
        Assert.Single(errors, e => e.Code == PolicyErrorCode.DuplicateMember && e.Message == "member `k5` appears twice");
    }

    [Fact]
    public void Huge_single_line_document_locates_errors_in_linear_time()
    {
        var builder = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        for (int i = 0; i < 50_000; i++)
        {
            builder.Append(i == 0 ? "" : ",").Append("{\"Effect\":\"allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}");
        }

        IReadOnlyList<PolicyError> errors = ParseAssert.Invalid(builder.Append("]}").ToString());
        Assert.Equal(50_000, errors.Count);
        Assert.Equal(1, errors[^1].Location.Line);
        Assert.True(errors[^1].Location.Column > 2_000_000);
    }

    private static void AssertConsistent(PolicyParseResult result)
    {
        Assert.True(result.Success == (result.Document is not null));
        Assert.True(result.Success == result.Errors.IsEmpty);
        Assert.All(result.Errors, e => Assert.True(e.Location.Line >= 1 && e.Location.Column >= 1 && e.Message.Length > 0));
    }
}
