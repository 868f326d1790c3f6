using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Runtime.Tests.Evaluation;

public sealed class ContextValidatorTests
{
    private static readonly ContextValidator s_validator = new(
    [
        new TypedContextKey("aws:MultiFactorAuthPresent", ContextValueType.Bool, IsMultivalued: false),
        new TypedContextKey("aws:MultiFactorAuthAge", ContextValueType.Numeric, IsMultivalued: false),
        new TypedContextKey("aws:CurrentTime", ContextValueType.Date, IsMultivalued: false),
        new TypedContextKey("aws:SourceIp", ContextValueType.IPAddress, IsMultivalued: false),
        new TypedContextKey("aws:PrincipalArn", ContextValueType.Arn, IsMultivalued: false),
        new TypedContextKey("aws:username", ContextValueType.String, IsMultivalued: false),
        new TypedContextKey("aws:TagKeys", ContextValueType.String, IsMultivalued: true),
        new TypedContextKey("aws:PrincipalTag/", ContextValueType.String, IsMultivalued: false, IsPrefix: true),
    ]);

    public static TheoryData<string, string> Valid_single_values => new()
    {
        { "aws:MultiFactorAuthPresent", "true" }, { "aws:MultiFactorAuthPresent", "false" },
        { "aws:MultiFactorAuthPresent", "FALSE" }, { "AWS:multifactorauthpresent", "True" },
        { "aws:MultiFactorAuthAge", "3600" }, { "aws:MultiFactorAuthAge", "-1.50" },
        { "aws:CurrentTime", "2024-05-01T12:00:00Z" }, { "aws:CurrentTime", "1700000000" },
        { "aws:SourceIp", "203.0.113.7" }, { "aws:SourceIp", "2001:db8::1" },
        { "aws:PrincipalArn", "arn:aws:iam::111122223333:user/alice" },
        { "aws:username", "" }, { "aws:username", "anything at all" },
        { "aws:PrincipalTag/team", "blue" }, { "aws:TagKeys", "single" },
        { "aws:SomethingUnknown", "[yes]" }, { "aws:PrincipalTag/", "not a tag key, so unknown" },
    };

    [Theory]
    [MemberData(nameof(Valid_single_values))]
    public void A_single_value_of_the_keys_type_is_valid(string key, string value)
    {
        var request = new AuthorizationRequest();
        request.AddContext(key, value);
        Assert.True(s_validator.Check(request).IsValid);
    }

    public static TheoryData<string, string, string> Invalid_single_values => new()
    {
        { "aws:MultiFactorAuthPresent", "", "context key `aws:MultiFactorAuthPresent` takes a Bool value (`true` or `false`), not an empty string" },
        { "aws:MultiFactorAuthPresent", "yes", "context key `aws:MultiFactorAuthPresent` takes a Bool value (`true` or `false`), not `yes`" },
        { "aws:MultiFactorAuthPresent", "1", "context key `aws:MultiFactorAuthPresent` takes a Bool value (`true` or `false`), not `1`" },
        { "aws:MultiFactorAuthPresent", " true", "context key `aws:MultiFactorAuthPresent` takes a Bool value (`true` or `false`), not ` true`" },
        { "aws:MultiFactorAuthAge", "an hour", "context key `aws:MultiFactorAuthAge` takes a Numeric value (a decimal number), not `an hour`" },
        { "aws:CurrentTime", "yesterday", "context key `aws:CurrentTime` takes a Date value (epoch seconds or an ISO 8601 date), not `yesterday`" },
        { "aws:SourceIp", "10.0.0.0/8", "context key `aws:SourceIp` takes an IPAddress value (an IPv4 or IPv6 address), not `10.0.0.0/8`" },
        { "aws:PrincipalArn", "alice", "context key `aws:PrincipalArn` takes an ARN value (`arn:partition:service:region:account:resource`), not `alice`" },
    };

    [Theory]
    [MemberData(nameof(Invalid_single_values))]
    public void A_value_not_of_the_keys_type_is_named_with_its_key(string key, string value, string message)
    {
        var request = new AuthorizationRequest();
        request.AddContext("aws:username", "alice");
        request.AddContext(key, value);
        ContextCheck check = s_validator.Check(request);
        Assert.Equal((ContextViolation.InvalidValue, 1, 0), (check.Violation, check.EntryIndex, check.ValueIndex));
        Assert.Equal(key, check.Key(request));
        Assert.Equal(message, check.Describe(request));
    }

    [Theory]
    [InlineData("aws:MultiFactorAuthPresent", new string[0], "context key `aws:MultiFactorAuthPresent` takes a single Bool value, not an empty array")]
    [InlineData("aws:MultiFactorAuthPresent", new[] { "false" }, "context key `aws:MultiFactorAuthPresent` takes a single Bool value, not an array of one value")]
    [InlineData("aws:username", new[] { "alice", "bob" }, "context key `aws:username` takes a single String value, not an array of 2 values")]
    [InlineData("aws:PrincipalTag/team", new[] { "blue" }, "context key `aws:PrincipalTag/team` takes a single String value, not an array of one value")]
    public void A_single_valued_key_sent_as_an_array_is_not_a_single_value(string key, string[] values, string message)
    {
        var request = new AuthorizationRequest();
        request.BeginMultivaluedContext(key);
        foreach (string value in values)
        {
            request.AddContextValue(value);
        }

        ContextCheck check = s_validator.Check(request);
        Assert.Equal(ContextViolation.NotSingleValue, check.Violation);
        Assert.Equal(message, check.Describe(request));
    }

    [Fact]
    public void A_multivalued_key_takes_any_number_of_values_of_its_element_type()
    {
        var validator = new ContextValidator([new TypedContextKey("ec2:Ips", ContextValueType.IPAddress, IsMultivalued: true)]);
        var request = new AuthorizationRequest();
        request.BeginMultivaluedContext("aws:TagKeys");
        request.BeginMultivaluedContext("ec2:Ips");
        request.AddContextValue("10.0.0.1");
        request.AddContextValue("::1");
        Assert.True(s_validator.Check(request).IsValid);
        Assert.True(validator.Check(request).IsValid);

        request.AddContextValue("ten");
        ContextCheck check = validator.Check(request);
        Assert.Equal((ContextViolation.InvalidValue, 1, 2), (check.Violation, check.EntryIndex, check.ValueIndex));
    }

    [Fact]
    public void A_long_value_is_cut_and_control_characters_are_hidden_in_the_message()
    {
        var request = new AuthorizationRequest();
        request.AddContext("aws:MultiFactorAuthPresent", "no\n" + new string('x', 70_000));
        string message = s_validator.Check(request).Describe(request);
        Assert.DoesNotContain('\n', message);
        Assert.True(message.Length < 300, message);
        Assert.EndsWith("no?" + new string('x', 125) + "…`", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_context_is_checked_without_allocating()
    {
        var request = new AuthorizationRequest();
        request.AddContext("aws:username", "alice");
        request.AddContext("aws:MultiFactorAuthPresent", "true");
        request.AddContext("aws:MultiFactorAuthAge", "120");
        request.AddContext("aws:CurrentTime", "2024-05-01T12:00:00Z");
        request.AddContext("aws:SourceIp", "2001:db8::1");
        request.AddContext("aws:PrincipalArn", "arn:aws:iam::111122223333:user/alice");
        request.AddContext("aws:PrincipalTag/team", "blue");
        request.BeginMultivaluedContext("aws:TagKeys");
        request.AddContextValue("a");
        request.AddContext("x:unknown", "whatever");
        bool sink = true;
        Assert.Equal(0, Allocations.OfWarm(() => sink &= s_validator.Check(request).IsValid));
        Assert.True(sink);
    }
}
