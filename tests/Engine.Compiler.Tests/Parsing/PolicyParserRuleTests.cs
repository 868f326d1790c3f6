using Engine.Compiler.Diagnostics;
using Engine.Runtime.Evaluation;
using static Engine.Compiler.Tests.Parsing.ParseAssert;

namespace Engine.Compiler.Tests.Parsing;

/// <summary>Principal, Condition and per-policy-type errors (iam-semantics.md §2.4–§2.6, §2.9).</summary>
public sealed class PolicyParserRuleTests
{
    private const string Star = "\"Principal\":\"*\"";

    [Theory]
    [InlineData(PolicyKind.Identity, "an identity-based policy")]
    [InlineData(PolicyKind.PermissionsBoundary, "a permissions boundary")]
    [InlineData(PolicyKind.Session, "a session policy")]
    [InlineData(PolicyKind.Scp, "a service control policy")]
    public void Principal_is_not_allowed_outside_resource_policies(PolicyKind kind, string subject)
    {
        string json = Policy("""{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.PrincipalNotAllowed, "$.Statement[0].Principal", "\"Principal\"", kind);
        Assert.Equal($"{subject} must not name a principal", error.Message);
    }

    [Fact]
    public void Not_principal_is_not_allowed_in_identity_policies()
    {
        string json = Policy("""{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}""");
        SingleErrorAt(json, PolicyErrorCode.PrincipalNotAllowed, "$.Statement[0].NotPrincipal", "\"NotPrincipal\"");
    }

    [Fact]
    public void Resource_policy_needs_a_principal()
    {
        string json = Policy("""{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}""");
        SingleErrorAt(json, PolicyErrorCode.MissingPrincipal, "$.Statement[0]", "{\"Effect\"", PolicyKind.Resource);
    }

    [Fact]
    public void Resource_policy_may_omit_resource()
    {
        var document = Valid(Policy("""{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}"""), PolicyKind.Resource);
        Assert.Null(document.Statements[0].Resource);
    }

    [Fact]
    public void Principal_and_not_principal_conflict()
    {
        string json = Policy("""{"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"1"},"Action":"s3:*","Resource":"*"}""");
        SingleErrorAt(json, PolicyErrorCode.ConflictingPrincipal, "$.Statement[0]", "\"NotPrincipal\"", PolicyKind.Resource);
    }

    [Fact]
    public void Principal_string_other_than_star_is_invalid()
    {
        string json = Policy("""{"Effect":"Allow","Principal":"arn:aws:iam::111122223333:root","Action":"s3:*"}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.InvalidPrincipal, "$.Statement[0].Principal", "\"arn:", PolicyKind.Resource);
        Assert.Equal("`arn:aws:iam::111122223333:root` must be inside {\"AWS\": ...}; only `*` may stand alone", error.Message);
    }

    [Fact]
    public void Empty_principal_map_is_invalid()
    {
        string json = Policy("""{"Effect":"Allow","Principal":{},"Action":"s3:*"}""");
        SingleErrorAt(json, PolicyErrorCode.InvalidPrincipal, "$.Statement[0].Principal", "{}", PolicyKind.Resource);
    }

    [Fact]
    public void Unknown_principal_type_is_invalid_with_a_case_hint()
    {
        string json = Policy("""{"Effect":"Allow","Principal":{"aws":"1"},"Action":"s3:*"}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.InvalidPrincipal, "$.Statement[0].Principal", "\"aws\"", PolicyKind.Resource);
        Assert.Equal("unknown element `aws` (element names are case-sensitive: did you mean `AWS`?)", error.Message);
    }

    [Fact]
    public void Empty_principal_list_is_an_error()
    {
        string json = Policy("""{"Effect":"Allow","Principal":{"Service":[]},"Action":"s3:*"}""");
        SingleErrorAt(json, PolicyErrorCode.EmptyArray, "$.Statement[0].Principal.Service", "[]", PolicyKind.Resource);
    }

    [Fact]
    public void Duplicate_principal_type_is_reported()
    {
        string json = Policy("""{"Effect":"Allow","Principal":{"AWS":"1","AWS":"2"},"Action":"s3:*"}""");
        SingleErrorAt(json, PolicyErrorCode.DuplicateMember, "$.Statement[0].Principal", "\"AWS\":\"2\"", PolicyKind.Resource);
    }

    [Theory]
    [InlineData("StringLikee")]
    [InlineData("StringEqualz")]
    [InlineData("StringEqualsIfExistsIfExists")]
    [InlineData("IfExists")]
    public void Unknown_condition_operator_is_reported_at_the_condition(string op)
    {
        string json = Policy($$$$"""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"{{{{op}}}}":{"aws:x":"1"}}}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.InvalidConditionOperator, "$.Statement[0].Condition", $"\"{op}\"");
        Assert.Equal($"unknown condition operator `{op}`", error.Message);
    }

    [Theory]
    [InlineData("NullIfExists", "`Null` cannot take `IfExists`")]
    [InlineData("ForAnyValue:Null", "`Null` cannot take a set prefix")]
    [InlineData("ForSomeValues:StringLike", "unknown set prefix; use `ForAllValues:` or `ForAnyValue:`")]
    public void Invalid_operator_forms_are_reported(string op, string reason)
    {
        string json = Policy($$$$"""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"{{{{op}}}}":{"aws:x":"true"}}}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.InvalidConditionOperator, "$.Statement[0].Condition", $"\"{op}\"");
        Assert.Equal($"invalid condition operator `{op}`: {reason}", error.Message);
    }

    [Fact]
    public void Unknown_operator_message_matches_the_house_example()
    {
        string[] lines =
        [
            "{",
            "  \"Version\": \"2012-10-17\",",
            "  \"Statement\": [",
            $"    {AllowGet},",
            $"    {AllowGet},",
            "    {",
            "      \"Effect\": \"Allow\",",
            "      \"Action\": \"s3:GetObject\",",
            "      \"Resource\": \"*\",",
            "      \"Condition\": {",
            "        \"StringEquals\": {",
            "          \"aws:username\": \"alice\"",
            "        },",
            "        \"StringLikee\": {\"aws:x\": \"y\"}",
            "      }",
            "    }",
            "  ]",
            "}",
        ];
        PolicyError error = Assert.Single(Invalid(string.Join('\n', lines)));
        Assert.Equal("unknown condition operator `StringLikee` at $.Statement[2].Condition (line 14, column 9)", error.ToString());
    }

    [Theory]
    [InlineData("username")]
    [InlineData(":username")]
    [InlineData("")]
    public void Condition_key_without_prefix_is_invalid(string key)
    {
        string json = Policy($$$$"""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"{{{{key}}}}":"a"}}}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.InvalidConditionKey, "$.Statement[0].Condition.StringEquals", $"\"{key}\":");
        Assert.Equal($"condition key `{key}` must look like `prefix:name`", error.Message);
    }

    [Theory]
    [InlineData("null", "$.Statement[0].Condition.StringEquals['aws:x']", PolicyErrorCode.InvalidType)]
    [InlineData("{}", "$.Statement[0].Condition.StringEquals['aws:x']", PolicyErrorCode.InvalidType)]
    [InlineData("[]", "$.Statement[0].Condition.StringEquals['aws:x']", PolicyErrorCode.EmptyArray)]
    [InlineData("[\"a\",[\"b\"]]", "$.Statement[0].Condition.StringEquals['aws:x'][1]", PolicyErrorCode.InvalidType)]
    [InlineData("[\"a\",null]", "$.Statement[0].Condition.StringEquals['aws:x'][1]", PolicyErrorCode.InvalidType)]
    public void Bad_condition_values_are_reported(string value, string path, PolicyErrorCode code)
    {
        string json = Policy($$$$"""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:x":{{{{value}}}}}}}""");
        PolicyError error = Assert.Single(Invalid(json));
        Assert.Equal((code, path), (error.Code, error.Path));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    public void Condition_that_is_not_an_object_is_a_type_error(string value)
    {
        string json = Policy($$"""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{{value}}}""");
        SingleErrorAt(json, PolicyErrorCode.InvalidType, "$.Statement[0].Condition", value);
    }

    [Fact]
    public void Operator_block_that_is_not_an_object_is_a_type_error()
    {
        string json = Policy("""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":["aws:x"]}}""");
        SingleErrorAt(json, PolicyErrorCode.InvalidType, "$.Statement[0].Condition.Bool", "[\"aws:x\"]");
    }

    [Fact]
    public void Duplicate_operator_in_condition_is_reported()
    {
        string json = Policy("""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:a":"true"},"Bool":{"aws:b":"true"}}}""");
        SingleErrorAt(json, PolicyErrorCode.DuplicateMember, "$.Statement[0].Condition", "\"Bool\":{\"aws:b\"");
    }

    [Fact]
    public void Duplicate_key_in_operator_block_is_reported()
    {
        string json = Policy("""{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:a":"true","aws:a":"false"}}}""");
        SingleErrorAt(json, PolicyErrorCode.DuplicateMember, "$.Statement[0].Condition.Bool", "\"aws:a\":\"false\"");
    }

    [Fact]
    public void Rcp_must_deny()
    {
        string json = Policy("""{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}""");
        PolicyError error = SingleErrorAt(json, PolicyErrorCode.RcpRule, "$.Statement[0].Effect", "\"Allow\"", PolicyKind.Rcp);
        Assert.Equal("resource control policy statements must use `Deny`", error.Message);
    }

    [Fact]
    public void Rcp_cannot_use_not_action()
    {
        string json = Policy("""{"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject","Resource":"*"}""");
        SingleErrorAt(json, PolicyErrorCode.RcpRule, "$.Statement[0].NotAction", "\"NotAction\"", PolicyKind.Rcp);
    }

    [Fact]
    public void Rcp_cannot_use_action_star()
    {
        string json = Policy("""{"Effect":"Deny","Principal":"*","Action":["s3:GetObject","*"],"Resource":"*"}""");
        SingleErrorAt(json, PolicyErrorCode.RcpRule, "$.Statement[0].Action", "[\"s3", PolicyKind.Rcp);
    }

    [Fact]
    public void Rcp_cannot_use_not_principal()
    {
        string json = Policy("""{"Effect":"Deny","Principal":"*","NotPrincipal":{"AWS":"1"},"Action":"s3:*","Resource":"*"}""");
        SingleErrorAt(json, PolicyErrorCode.RcpRule, "$.Statement[0].NotPrincipal", "\"NotPrincipal\"", PolicyKind.Rcp);
    }

    [Fact]
    public void Rcp_needs_principal_star()
    {
        string json = Policy("""{"Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}""");
        SingleErrorAt(json, PolicyErrorCode.RcpRule, "$.Statement[0].Principal", "{\"AWS\"", PolicyKind.Rcp);
        SingleErrorAt(Policy("""{"Effect":"Deny","Action":"s3:*","Resource":"*"}"""), PolicyErrorCode.MissingPrincipal, "$.Statement[0]", "{\"Effect\"", PolicyKind.Rcp);
    }

    [Theory]
    [InlineData(Star)]
    [InlineData("\"Principal\":{\"AWS\":\"*\"}")]
    [InlineData("\"Principal\":{\"AWS\":[\"*\"]}")]
    public void Rcp_accepts_everyone_in_each_spelling(string principal)
    {
        Valid(Policy($$"""{"Effect":"Deny",{{principal}},"Action":"s3:*","Resource":"*"}"""), PolicyKind.Rcp);
    }

    [Fact]
    public void Rcp_needs_version_2012()
    {
        string statement = $$"""{"Effect":"Deny",{{Star}},"Action":"s3:*","Resource":"*"}""";
        SingleError($$"""{"Statement":[{{statement}}]}""", PolicyErrorCode.RcpRule, "$", 1, 1, PolicyKind.Rcp);
        SingleError($$"""{"Version":"2008-10-17","Statement":[{{statement}}]}""", PolicyErrorCode.RcpRule, "$.Version", 1, 12, PolicyKind.Rcp);
    }

    [Fact]
    public void Rcp_needs_resource()
    {
        string json = Policy($$"""{"Effect":"Deny",{{Star}},"Action":"s3:*"}""");
        SingleErrorAt(json, PolicyErrorCode.MissingResource, "$.Statement[0]", "{\"Effect\"", PolicyKind.Rcp);
    }

    [Fact]
    public void Scp_accepts_the_full_statement_language()
    {
        string json = Policy("""{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:iam::*:role/x","Condition":{"StringLike":{"aws:PrincipalArn":"arn:*"}}}""");
        Valid(json, PolicyKind.Scp);
    }
}
