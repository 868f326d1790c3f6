using Engine.Compiler.Diagnostics;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;
using static Engine.Compiler.Tests.Parsing.ParseAssert;

namespace Engine.Compiler.Tests.Parsing;

/// <summary>One test per kind of invalid document of iam-semantics.md §2.9 (JSON, top level, statements).</summary>
public sealed class PolicyParserErrorTests
{
    [Fact]
    public void Trailing_comma_is_invalid_json()
    {
        string json = """{"Statement":[],}""";
        PolicyError error = SingleError(json, PolicyErrorCode.InvalidJson, "$", 1, 17);
        Assert.Equal("invalid JSON: trailing commas are not allowed at $ (line 1, column 17)", error.ToString());
    }

    [Fact]
    public void Comment_is_invalid_json()
    {
        PolicyError error = SingleError("{\n  // no\n  \"Statement\": []\n}", PolicyErrorCode.InvalidJson, "$", 2, 3);
        Assert.Equal("invalid JSON: comments are not allowed", error.Message);
    }

    [Fact]
    public void Single_quotes_are_invalid_json()
    {
        SingleError("{'Statement': []}", PolicyErrorCode.InvalidJson, "$", 1, 2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void Empty_document_is_invalid_json(string json)
    {
        PolicyError error = Assert.Single(Invalid(json));
        Assert.Equal(PolicyErrorCode.InvalidJson, error.Code);
        Assert.Equal("the document is empty", error.Message);
    }

    [Theory]
    [InlineData("[]", "a list")]
    [InlineData("\"Statement\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    public void Top_level_that_is_not_an_object_is_invalid_json(string json, string found)
    {
        PolicyError error = SingleError(json, PolicyErrorCode.InvalidJson, "$", 1, 1);
        Assert.Equal($"the top level must be an object, found {found}", error.Message);
    }

    [Fact]
    public void Truncated_document_says_it_ends_early()
    {
        PolicyError error = Assert.Single(Invalid("{\"Statement\": [\n"));
        Assert.Equal(PolicyErrorCode.InvalidJson, error.Code);
        Assert.Equal("the document ends before the JSON is complete", error.Message);
    }

    [Fact]
    public void Garbage_after_the_object_is_invalid_json()
    {
        SingleError("{\"Statement\": []}\n  x", PolicyErrorCode.InvalidJson, "$", 2, 3);
    }

    [Fact]
    public void Duplicate_top_level_member_is_reported_at_the_second_occurrence()
    {
        string json = """{"Statement":[],"Version":"2012-10-17","Statement":[]}""";
        PolicyError error = SingleError(json, PolicyErrorCode.DuplicateMember, "$", 1, 40);
        Assert.Equal("member `Statement` appears twice", error.Message);
    }

    [Fact]
    public void Duplicate_statement_member_is_reported()
    {
        string json = Policy("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Effect":"Deny"}""");
        SingleErrorAt(json, PolicyErrorCode.DuplicateMember, "$.Statement[0]", "\"Effect\":\"Deny\"");
    }

    [Fact]
    public void Duplicate_names_are_compared_after_unescaping()
    {
        string json = Policy("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","\u0045ffect":"Allow"}""");
        SingleErrorAt(json, PolicyErrorCode.DuplicateMember, "$.Statement[0]", "\"\\u0045ffect\"");
    }

    [Fact]
    public void Names_differing_in_case_are_not_duplicates_but_unknown()
    {
        string json = Policy("""{"Effect":"Allow","effect":"Allow","Action":"s3:GetObject","Resource":"*"}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.UnknownElement, "$.Statement[0]", "\"effect\"");
        Assert.Equal("unknown element `effect` (element names are case-sensitive: did you mean `Effect`?)", error.Message);
    }

    [Theory]
    [InlineData("version", "Version")]
    [InlineData("statement", "Statement")]
    [InlineData("ID", "Id")]
    public void Wrong_case_top_level_element_is_unknown_with_a_hint(string name, string hint)
    {
        string json = $$"""{"Statement":[],"{{name}}":"x"}""";
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.UnknownElement, "$", $"\"{name}\"");
        Assert.EndsWith($"did you mean `{hint}`?)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sid", "Sid")]
    [InlineData("EFFECT", "Effect")]
    [InlineData("action", "Action")]
    [InlineData("notAction", "NotAction")]
    [InlineData("resource", "Resource")]
    [InlineData("Notresource", "NotResource")]
    [InlineData("principal", "Principal")]
    [InlineData("condition", "Condition")]
    public void Wrong_case_statement_element_is_unknown_with_a_hint(string name, string hint)
    {
        string json = Policy($$"""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","{{name}}":"x"}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.UnknownElement, "$.Statement[0]", $"\"{name}\"");
        Assert.Equal($"unknown element `{name}` (element names are case-sensitive: did you mean `{hint}`?)", error.Message);
    }

    [Fact]
    public void Unknown_element_without_a_near_name_has_no_hint()
    {
        string json = Policy("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Extra":1}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.UnknownElement, "$.Statement[0]", "\"Extra\"");
        Assert.Equal("unknown element `Extra`", error.Message);
    }

    [Theory]
    [InlineData("2012-10-18")]
    [InlineData("2012-10-17 ")]
    [InlineData("")]
    public void Unknown_version_is_invalid(string version)
    {
        string json = $$"""{"Version":"{{version}}","Statement":[]}""";
        PolicyError error = SingleError(json, PolicyErrorCode.InvalidVersion, "$.Version", 1, 12);
        Assert.Equal($"`{version}` is not a policy language version; use `2012-10-17`", error.Message);
    }

    [Fact]
    public void Version_that_is_not_a_string_is_a_type_error()
    {
        SingleError("""{"Version":2012,"Statement":[]}""", PolicyErrorCode.InvalidType, "$.Version", 1, 12);
    }

    [Fact]
    public void Missing_statement_is_reported_at_the_root()
    {
        PolicyError error = SingleError("""  {"Version":"2012-10-17"}""", PolicyErrorCode.MissingStatement, "$", 1, 3);
        Assert.Equal("a policy needs a `Statement` element at $ (line 1, column 3)", error.ToString());
    }

    [Fact]
    public void Null_statement_is_missing()
    {
        SingleError("""{"Statement":null}""", PolicyErrorCode.MissingStatement, "$.Statement", 1, 14);
    }

    [Theory]
    [InlineData("\"x\"")]
    [InlineData("1")]
    [InlineData("true")]
    public void Statement_of_the_wrong_type_is_a_type_error(string value)
    {
        SingleError($$"""{"Statement":{{value}}}""", PolicyErrorCode.InvalidType, "$.Statement", 1, 14);
    }

    [Fact]
    public void Statement_array_item_that_is_not_an_object_is_a_type_error()
    {
        string json = $$"""{"Statement":[{{AllowGet}},"x"]}""";
        SingleErrorAt(json, PolicyErrorCode.InvalidType, "$.Statement[1]", "\"x\"");
    }

    [Fact]
    public void Number_in_action_list_is_a_type_error()
    {
        string json = Policy("""{"Effect":"Allow","Action":["s3:GetObject",7],"Resource":"*"}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.InvalidType, "$.Statement[0].Action[1]", "7]");
        Assert.Equal("expected a string, found a number", error.Message);
    }

    [Theory]
    [InlineData("Sid", "1")]
    [InlineData("Resource", "{}")]
    [InlineData("Resource", "null")]
    [InlineData("Resource", "[[\"*\"]]")]
    public void Wrong_type_in_a_statement_element_is_a_type_error(string element, string value)
    {
        string statement = element == "Sid"
            ? $$"""{"Sid":{{value}},"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"""
            : $$"""{"Effect":"Allow","Action":"s3:GetObject","{{element}}":{{value}}}""";
        PolicyError error = Assert.Single(Invalid(Policy(statement)));
        Assert.Equal(PolicyErrorCode.InvalidType, error.Code);
        Assert.StartsWith($"$.Statement[0].{element}", error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_effect_is_reported_at_the_statement()
    {
        string json = Policy("""{"Action":"s3:GetObject","Resource":"*"}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.MissingEffect, "$.Statement[0]", "{\"Action\"");
        Assert.Equal("a statement needs an `Effect` element", error.Message);
    }

    [Theory]
    [InlineData("allow")]
    [InlineData("DENY")]
    [InlineData("Permit")]
    public void Effect_other_than_allow_or_deny_is_invalid(string effect)
    {
        string json = Policy($$"""{"Effect":"{{effect}}","Action":"s3:GetObject","Resource":"*"}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.InvalidEffect, "$.Statement[0].Effect", $"\"{effect}\"");
        Assert.Equal($"`{effect}` is not valid; use `Allow` or `Deny` (case-sensitive)", error.Message);
    }

    [Fact]
    public void Missing_action_is_reported_at_the_statement()
    {
        string json = Policy("""{"Effect":"Allow","Resource":"*"}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.MissingAction, "$.Statement[0]", "{\"Effect\"");
        Assert.Equal("a statement needs exactly one of `Action` or `NotAction`", error.Message);
    }

    [Fact]
    public void Action_and_not_action_conflict_at_the_second()
    {
        string json = Policy("""{"Effect":"Allow","NotAction":"s3:*","Resource":"*","Action":"s3:GetObject"}""");
        SingleErrorAt(json, PolicyErrorCode.ConflictingAction, "$.Statement[0]", "\"Action\"");
    }

    [Fact]
    public void Missing_resource_is_reported_in_identity_policies()
    {
        string json = Policy("""{"Effect":"Allow","Action":"s3:GetObject"}""");
        SingleErrorAt(json, PolicyErrorCode.MissingResource, "$.Statement[0]", "{\"Effect\"");
    }

    [Fact]
    public void Resource_and_not_resource_conflict()
    {
        string json = Policy("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","NotResource":"arn:aws:s3:::b"}""");
        SingleErrorAt(json, PolicyErrorCode.ConflictingResource, "$.Statement[0]", "\"NotResource\"");
    }

    [Theory]
    [InlineData("s3GetObject")]
    [InlineData("s3:Get:Object")]
    [InlineData(":GetObject")]
    [InlineData("s3:")]
    [InlineData("")]
    [InlineData("**")]
    public void Malformed_action_is_invalid(string action)
    {
        string json = Policy($$"""{"Effect":"Allow","Action":["s3:PutObject","{{action}}"],"Resource":"*"}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.InvalidAction, "$.Statement[0].Action[1]", $"\"{action}\"]");
        Assert.Equal($"action `{action}` must look like `service:action`", error.Message);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("*:*")]
    [InlineData("s3:Get*")]
    [InlineData("s3:GetObject,PutObject")]
    [InlineData("s 3:GetObject")]
    [InlineData("s?:GetObject")]
    public void Odd_but_well_formed_actions_are_not_errors(string action)
    {
        Valid(Policy($$"""{"Effect":"Allow","NotAction":"{{action}}","Resource":"*"}"""));
    }

    [Theory]
    [InlineData("Action")]
    [InlineData("NotAction")]
    [InlineData("Resource")]
    [InlineData("NotResource")]
    public void Empty_list_is_an_error(string element)
    {
        string rest = element.EndsWith("Action", StringComparison.Ordinal) ? "\"Resource\":\"*\"" : "\"Action\":\"s3:GetObject\"";
        string json = Policy($$"""{"Effect":"Allow",{{rest}},"{{element}}":[]}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.EmptyArray, $"$.Statement[0].{element}", "[]");
        Assert.Equal("the list is empty", error.Message);
    }

    [Fact]
    public void Every_error_of_a_document_is_reported_in_document_order()
    {
        string json = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "allow", "Action": "s3GetObject", "Resource": "*"},
                {"Effect": "Deny", "Action": "s3:*"},
                {"Effect": "Allow", "Action": "s3:*", "Resource": [], "Extra": 1}
              ],
              "version": "x"
            }
            """;
        IReadOnlyList<PolicyError> errors = Invalid(json);
        Assert.Equal(
            [
                "InvalidEffect $.Statement[0].Effect (line 4, column 16)",
                "InvalidAction $.Statement[0].Action (line 4, column 35)",
                "MissingResource $.Statement[1] (line 5, column 5)",
                "EmptyArray $.Statement[2].Resource (line 6, column 55)",
                "UnknownElement $.Statement[2] (line 6, column 59)",
                "UnknownElement $ (line 8, column 3)",
            ],
            errors.Select(e => $"{e.Code} {e.Path} ({e.Location})"));
    }

    [Fact]
    public void Parse_or_throw_carries_every_error()
    {
        string json = Policy("""{"Effect":"allow"}""");
        PolicyParseException exception = Assert.Throws<PolicyParseException>(() => PolicyParser.ParseOrThrow(json, PolicyKind.Identity));
        Assert.Equal(3, exception.Errors.Length);
        Assert.Equal(string.Join('\n', exception.Errors), exception.Message);
    }
}
