using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Tests.Parsing;

/// <summary>Assertions shared by the parser tests.</summary>
internal static class ParseAssert
{
    /// <summary>A valid statement body to build documents from.</summary>
    public const string AllowGet = """{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}""";

    public static PolicyDocument Valid(string json, PolicyKind kind = PolicyKind.Identity)
    {
        PolicyParseResult result = PolicyParser.Parse(json, kind);
        Assert.True(result.Success, string.Join('\n', result.Errors));
        Assert.Empty(result.Errors);
        return result.Document!;
    }

    public static IReadOnlyList<PolicyError> Invalid(string json, PolicyKind kind = PolicyKind.Identity)
    {
        PolicyParseResult result = PolicyParser.Parse(json, kind);
        Assert.False(result.Success);
        Assert.Null(result.Document);
        Assert.NotEmpty(result.Errors);
        return result.Errors;
    }

    /// <summary>Asserts the document has exactly one error, with this code, path and location.</summary>
    public static PolicyError SingleError(string json, PolicyErrorCode code, string path, int line, int column, PolicyKind kind = PolicyKind.Identity)
    {
        IReadOnlyList<PolicyError> errors = Invalid(json, kind);
        PolicyError error = Assert.Single(errors);
        Assert.Equal((code, path, new SourceLocation(line, column)), (error.Code, error.Path, error.Location));
        return error;
    }

    /// <summary>Asserts one error at the first occurrence of <paramref name="needle"/> in a one-line document.</summary>
    public static PolicyError SingleErrorAt(string json, PolicyErrorCode code, string path, string needle, PolicyKind kind = PolicyKind.Identity)
    {
        int index = json.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(index >= 0, $"`{needle}` is not in the document");
        Assert.DoesNotContain('\n', json);
        return SingleError(json, code, path, 1, index + 1, kind);
    }

    /// <summary>A one-statement document in Version 2012-10-17.</summary>
    public static string Policy(string statement) => $$"""{"Version":"2012-10-17","Statement":[{{statement}}]}""";
}
