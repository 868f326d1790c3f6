namespace Engine.Lint;

/// <summary>The issue codes the checks report, with a one-line description each (SARIF rules, docs).</summary>
public static class IssueCodes
{
    /// <summary>Every code with its usual type and description, in the order of the checks.</summary>
    public static IReadOnlyList<(string Code, FindingType Type, string Description)> All { get; } =
    [
        ("MISSING_VERSION", FindingType.Warning, "The policy has no Version: policy variables are then literal text."),
        ("UNIQUE_SIDS_REQUIRED", FindingType.Error, "Two statements of an SCP or RCP share a Sid."),
        ("UNIQUE_SIDS_RECOMMENDED", FindingType.Warning, "Two statements share a Sid."),
        ("UNSUPPORTED_SID", FindingType.Error, "A Sid holds characters the policy type does not accept (only A-Z, a-z and 0-9)."),
        ("EMPTY_SID_VALUE", FindingType.Suggestion, "A Sid is empty."),
        ("INVALID_SERVICE", FindingType.Error, "The service prefix of an action is not in the service reference."),
        ("INVALID_ACTION", FindingType.Error, "An action, or a wildcard pattern, matches no action of its service."),
        ("WILDCARD_IN_SERVICE_NAME", FindingType.Suggestion, "A wildcard inside the service prefix of an action."),
        ("REDUNDANT_ACTION", FindingType.Suggestion, "An action entry is covered by another entry of the same statement."),
        ("MISSING_ARN_FIELD", FindingType.Error, "A resource starts with arn: but has fewer than six fields."),
        ("INVALID_ARN_PREFIX", FindingType.Error, "A resource ARN does not start with the lower-case arn: prefix."),
        ("INVALID_PARTITION", FindingType.Error, "A resource ARN names an unknown partition."),
        ("INVALID_ARN_SERVICE_CASE", FindingType.Error, "The service of a resource ARN is not in lower case."),
        ("ARN_REGION_NOT_ALLOWED", FindingType.Error, "A resource ARN has a region where the service's ARN formats have none."),
        ("ARN_ACCOUNT_NOT_ALLOWED", FindingType.Error, "A resource ARN has an account where the service's ARN formats have none."),
        ("MISSING_ARN_REGION", FindingType.Error, "A resource ARN has no region where every ARN format of the service has one."),
        ("MISSING_ARN_ACCOUNT", FindingType.Error, "A resource ARN has no account where every ARN format of the service has one."),
        ("VARIABLE_IN_ARN_ACCOUNT", FindingType.Warning, "The account field of a resource ARN holds a policy variable; AWS expects an account id or a wildcard there."),
        ("RESOURCE_MISMATCH", FindingType.Warning, "No resource of the statement can match any resource type of an action."),
        ("RESOURCE_IGNORED_FOR_ACTION", FindingType.Suggestion, "An ARN is given for an action that supports only \"Resource\": \"*\"."),
        ("PASS_ROLE_WITH_STAR_IN_RESOURCE", FindingType.SecurityWarning, "An Allow grants iam:PassRole on every role."),
        ("PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", FindingType.SecurityWarning, "An Allow grants every action, iam:PassRole included, on every resource."),
        ("PASS_ROLE_WITH_NOT_RESOURCE", FindingType.SecurityWarning, "An Allow grants iam:PassRole with NotResource."),
        ("PASS_ROLE_WITH_NOT_ACTION", FindingType.SecurityWarning, "An Allow with NotAction grants iam:PassRole on every role."),
        ("CREATE_SLR_WITH_STAR_IN_RESOURCE", FindingType.Warning, "An Allow grants iam:CreateServiceLinkedRole on every role."),
        ("CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", FindingType.Warning, "An Allow grants every action, iam:CreateServiceLinkedRole included, on every resource."),
        ("CREATE_SLR_WITH_NOT_RESOURCE", FindingType.Warning, "An Allow grants iam:CreateServiceLinkedRole with NotResource."),
        ("CREATE_SLR_WITH_NOT_ACTION", FindingType.Warning, "An Allow with NotAction grants iam:CreateServiceLinkedRole on every role."),
        ("ALLOW_WITH_NOT_PRINCIPAL", FindingType.SecurityWarning, "An Allow with NotPrincipal grants access to everyone not listed."),
        ("INVALID_GLOBAL_CONDITION_KEY", FindingType.Error, "An aws: condition key that is not a global condition key."),
        ("INVALID_SERVICE_CONDITION_KEY", FindingType.Error, "A service condition key its service does not define."),
        ("UNSUPPORTED_ACTION_FOR_CONDITION_KEY", FindingType.Warning, "No action of the statement supports the condition key."),
        ("TYPE_MISMATCH", FindingType.Warning, "The condition operator does not fit the type of the key."),
        ("TYPE_MISMATCH_BOOLEAN", FindingType.Warning, "A Bool condition value that is neither true nor false never matches."),
        ("TYPE_MISMATCH_DATE", FindingType.Warning, "A Date condition value that is not a date never matches."),
        ("TYPE_MISMATCH_NUMBER", FindingType.Warning, "A Numeric condition value that is not a number never matches."),
        ("TYPE_MISMATCH_IP_RANGE", FindingType.Warning, "An IpAddress condition value that is not an address or CIDR range never matches."),
        ("TYPE_MISMATCH_ARN", FindingType.Warning, "An Arn condition value that is not an ARN never matches."),
        ("FORALLVALUES_WITH_SINGLE_VALUED_KEY", FindingType.SecurityWarning, "ForAllValues on a single-valued key is true when the key is absent."),
        ("MISSING_QUALIFIER", FindingType.Warning, "A plain operator on a multivalued key: use ForAnyValue or ForAllValues."),
        ("INVALID_CONDITION_MULTIPLE_BOOLEAN", FindingType.Error, "A Bool condition lists both true and false."),
        ("WILDCARD_WITHOUT_LIKE_OPERATOR", FindingType.Warning, "A * or ? in the value of an Equals operator is compared literally."),
        ("PRIVATE_IP_ADDRESS", FindingType.Error, "aws:SourceIp is compared with a private range it never carries."),
        ("PRIVATE_NOT_IP_ADDRESS", FindingType.Error, "aws:SourceIp is compared (NotIpAddress) with a private range it never carries."),
        ("BAD_PATTERN_FOR_MFA", FindingType.Warning, "aws:MultiFactorAuthPresent false without IfExists does not match requests without the key."),
        ("MISSING_BRACE", FindingType.Error, "A policy variable is not closed."),
        ("EMPTY_VARIABLE", FindingType.Error, "A policy variable is empty."),
        ("VARIABLE_UNSUPPORTED_IN_ELEMENT", FindingType.Error, "A policy variable in an element that does not support them (Action, a condition key)."),
        ("VARIABLE_UNSUPPORTED_IN_VERSION", FindingType.Error, "A policy variable in a policy without Version 2012-10-17: it is literal text."),
        ("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", FindingType.Warning, "The document exceeds 6,144 characters (without white space)."),
        ("POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", FindingType.Warning, "The document exceeds 20,480 characters."),
        ("POLICY_SIZE_EXCEEDS_SCP_QUOTA", FindingType.Error, "The document exceeds 5,120 characters (Organizations counts white space too)."),
    ];

    /// <summary>Access Analyzer's reference page for the check, at its anchor.</summary>
    /// <param name="type">The finding's type.</param>
    /// <param name="code">The issue code.</param>
    public static string LearnMoreLink(FindingType type, string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        string kind = type switch
        {
            FindingType.Error => "error",
            FindingType.SecurityWarning => "security-warning",
            FindingType.Warning => "general-warning",
            _ => "suggestion",
        };
        return "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-"
            + kind + "-" + code.ToLowerInvariant().Replace('_', '-');
    }

    /// <summary>The name Access Analyzer and our JSON use for a type: <c>ERROR</c>, <c>SECURITY_WARNING</c>, <c>WARNING</c>, <c>SUGGESTION</c>.</summary>
    /// <param name="type">The type.</param>
    public static string Name(FindingType type) => type switch
    {
        FindingType.Error => "ERROR",
        FindingType.SecurityWarning => "SECURITY_WARNING",
        FindingType.Warning => "WARNING",
        _ => "SUGGESTION",
    };

    /// <summary>Reads a type from <c>error</c>, <c>security-warning</c>, <c>warning</c> or <c>suggestion</c> (any case, <c>_</c> or <c>-</c>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="type">The type read.</param>
    public static bool TryParseType(string text, out FindingType type)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text.ToUpperInvariant().Replace('-', '_'))
        {
            case "ERROR": type = FindingType.Error; return true;
            case "SECURITY_WARNING": type = FindingType.SecurityWarning; return true;
            case "WARNING": type = FindingType.Warning; return true;
            case "SUGGESTION": type = FindingType.Suggestion; return true;
            default: type = default; return false;
        }
    }
}
