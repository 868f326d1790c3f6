using System.Collections.Immutable;
using Engine.Compiler.Cases;

namespace Engine.Compiler.Tests.Cases;

/// <summary>
/// Regression tests from fuzzing (issue #14, `fuzz/run.sh cases`): a string that is not valid
/// UTF-8 — a case's name or description, a request field, a member name of `policies`, a suite's
/// name — made the reader throw
/// InvalidOperationException out of Utf8JsonReader.GetString instead of reporting an error.
/// </summary>
public sealed class DecisionCaseReaderUtf8Tests
{
    private const string Request = """{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"*"}""";

    public static TheoryData<string, bool> Files => new()
    {
        // 0xFF is never valid in UTF-8; 0xD2 starts a two-byte sequence that "x" does not continue.
        { "{\"name\":\"bad\xFF\",\"request\":" + Request + ",\"expect\":\"Allow\"}", false },
        { "{\"name\":\"n\",\"description\":\"bad\xD2x\",\"request\":" + Request + "}", false },
        { "{\"name\":\"n\",\"request\":{\"principal\":\"arn:aws:iam::111122223333:user/\xFF\",\"action\":\"s3:GetObject\",\"resource\":\"*\"}}", false },
        { "{\"name\":\"n\",\"policies\":{\"ident\xFFity\":[]},\"request\":" + Request + "}", false },
        { "{\"name\":\"suite\xFF\",\"cases\":[{\"request\":" + Request + "}]}", false },
        { "{\"name\":\"ok\",\"request\":" + Request + "}\n{\"name\":\"bad\xFF\",\"request\":" + Request + "}", true },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_string_that_is_not_UTF8_is_a_located_error_not_an_exception(string latin1, bool jsonLines)
    {
        // Latin-1 keeps each char below 0x100 as one byte: the invalid bytes reach the reader as written.
        byte[] bytes = System.Text.Encoding.Latin1.GetBytes(latin1);
        var cases = ImmutableArray.CreateBuilder<DecisionCase>();
        var errors = ImmutableArray.CreateBuilder<CaseLoadError>();

        DecisionCaseReader.ReadText(bytes, "t.json", jsonLines, cases, errors);

        CaseLoadError error = Assert.Single(errors);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Contains(jsonLines ? "line 2, column " : "line 1, column ", error.Message, StringComparison.Ordinal);
        Assert.Equal(jsonLines ? 1 : 0, cases.Count);
    }

    [Theory]
    [InlineData("{\"name\":\"bad\\uD800\",\"request\":" + Request + "}")]
    [InlineData("{\"name\":\"n\",\"policies\":{\"identity\":[{\"Version\":\"2012-10-17\",\"Statement\":[]}],\"x\\uDC00\":[]},\"request\":" + Request + "}")]
    [InlineData("{\"name\":\"n\",\"request\":{\"principal\":\"a\\uD83D\\u0041\",\"action\":\"s3:GetObject\",\"resource\":\"*\"}}")]
    public void An_unpaired_surrogate_escape_is_a_located_error_not_an_exception(string json)
    {
        // Found by `fuzz/run.sh cases` on a quiet machine: GetString throws for a lone \uD800.
        var cases = ImmutableArray.CreateBuilder<DecisionCase>();
        var errors = ImmutableArray.CreateBuilder<CaseLoadError>();

        DecisionCaseReader.ReadText(System.Text.Encoding.UTF8.GetBytes(json), "t.json", jsonLines: false, cases, errors);

        CaseLoadError error = Assert.Single(errors);
        Assert.Contains("unpaired surrogate", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1, column ", error.Message, StringComparison.Ordinal);
        Assert.Empty(cases);
    }
}
