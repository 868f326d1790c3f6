using Engine.Runtime.Evaluation;

namespace Engine.Lint.Tests;

/// <summary>Each check fires on a minimal policy and stays silent on its fixed form.</summary>
public sealed class CheckTests
{
    private static string Doc(params string[] statements) => "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", statements) + "]}";

    private static string Allow(string action, string resource = "\"*\"", string condition = "") =>
        "{\"Effect\":\"Allow\",\"Action\":" + action + ",\"Resource\":" + resource + (condition.Length > 0 ? ",\"Condition\":" + condition : "") + "}";

    private static string BigPolicy(int statements) => Doc(Enumerable.Range(0, statements).Select(i =>
        $"{{\"Sid\":\"S{i}\",\"Effect\":\"Deny\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\"],\"Resource\":\"arn:aws:s3:::bucket-number-{i}/*\"}}").ToArray());

    public static TheoryData<string, string, string, string> Cases() => new()
    {
        { "MISSING_VERSION", "identity", "{\"Statement\":[" + Allow("\"s3:ListAllMyBuckets\"") + "]}", Doc(Allow("\"s3:ListAllMyBuckets\"")) },
        { "UNIQUE_SIDS_RECOMMENDED", "identity", Doc("{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}", "{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}"),
            Doc("{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}", "{\"Sid\":\"B\",\"Effect\":\"Deny\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}") },
        { "UNIQUE_SIDS_REQUIRED", "scp", Doc("{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}", "{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}"),
            Doc("{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}", "{\"Sid\":\"B\",\"Effect\":\"Deny\",\"Action\":\"ec2:*\",\"Resource\":\"*\"}") },
        { "UNSUPPORTED_SID", "identity", Doc("{\"Sid\":\"my sid\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}"), Doc("{\"Sid\":\"MySid\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}") },
        { "EMPTY_SID_VALUE", "identity", Doc("{\"Sid\":\"\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}"), Doc("{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}") },
        { "INVALID_SERVICE", "identity", Doc(Allow("\"nosuchservice:GetThing\"")), Doc(Allow("\"s3:ListAllMyBuckets\"")) },
        { "INVALID_ACTION", "identity", Doc(Allow("\"s3:GetObjekt\"")), Doc(Allow("\"s3:GetObject\"")) },
        { "INVALID_ACTION", "identity", Doc(Allow("\"s3:Zzz*\"")), Doc(Allow("\"s3:Get*\"")) },
        { "WILDCARD_IN_SERVICE_NAME", "identity", Doc(Allow("\"s*:GetObject\"")), Doc(Allow("\"s3:GetObject\"")) },
        { "REDUNDANT_ACTION", "identity", Doc(Allow("[\"iam:Get*\",\"iam:GetUser\"]")), Doc(Allow("[\"iam:Get*\",\"iam:ListUsers\"]")) },
        { "REDUNDANT_ACTION", "identity", Doc(Allow("[\"iam:GetUser\",\"iam:GetUser\"]")), Doc(Allow("[\"iam:GetUser\"]")) },
        { "MISSING_ARN_FIELD", "identity", Doc(Allow("\"s3:GetObject\"", "\"arn:aws:s3\"")), Doc(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/*\"")) },
        { "INVALID_ARN_PREFIX", "identity", Doc(Allow("\"s3:GetObject\"", "\"ARN:aws:s3:::b/*\"")), Doc(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/*\"")) },
        { "INVALID_PARTITION", "identity", Doc(Allow("\"s3:GetObject\"", "\"arn:aws-moon:s3:::b/*\"")), Doc(Allow("\"s3:GetObject\"", "\"arn:aws-cn:s3:::b/*\"")) },
        { "INVALID_ARN_SERVICE_CASE", "identity", Doc(Allow("\"s3:GetObject\"", "\"arn:aws:S3:::b/*\"")), Doc(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/*\"")) },
        { "ARN_REGION_NOT_ALLOWED", "identity", Doc(Allow("\"iam:GetRole\"", "\"arn:aws:iam:us-east-1:123456789012:role/r\"")), Doc(Allow("\"iam:GetRole\"", "\"arn:aws:iam::123456789012:role/r\"")) },
        { "ARN_ACCOUNT_NOT_ALLOWED", "identity", Doc(Allow("\"route53:GetHostedZone\"", "\"arn:aws:route53::123456789012:hostedzone/Z1\"")), Doc(Allow("\"route53:GetHostedZone\"", "\"arn:aws:route53:::hostedzone/Z1\"")) },
        { "MISSING_ARN_REGION", "identity", Doc(Allow("\"lambda:InvokeFunction\"", "\"arn:aws:lambda::123456789012:function:f\"")), Doc(Allow("\"lambda:InvokeFunction\"", "\"arn:aws:lambda:us-east-1:123456789012:function:f\"")) },
        { "MISSING_ARN_ACCOUNT", "identity", Doc(Allow("\"lambda:InvokeFunction\"", "\"arn:aws:lambda:us-east-1::function:f\"")), Doc(Allow("\"lambda:InvokeFunction\"", "\"arn:aws:lambda:us-east-1:123456789012:function:f\"")) },
        { "VARIABLE_IN_ARN_ACCOUNT", "identity", Doc(Allow("\"lambda:InvokeFunction\"", "\"arn:aws:lambda:us-east-1:${aws:PrincipalAccount}:function:f\"")), Doc(Allow("\"lambda:InvokeFunction\"", "\"arn:aws:lambda:us-east-1:*:function:f\"")) },
        { "RESOURCE_MISMATCH", "identity", Doc(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket\"")), Doc(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::bucket/*\"")) },
        // Field by field, as AWS matches ARNs: the `*` in the region field does not reach into the resource part, and a
        // stack ARN ends in `/${Id}`.
        { "RESOURCE_MISMATCH", "identity", Doc(Allow("\"cloudformation:DeleteStack\"", "\"arn:aws:cloudformation:*:*:stack/my-stack\"")),
            Doc(Allow("\"cloudformation:DeleteStack\"", "\"arn:aws:cloudformation:*:*:stack/my-stack/*\"")) },
        { "RESOURCE_IGNORED_FOR_ACTION", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"arn:aws:s3:::bucket\"")), Doc(Allow("\"s3:ListAllMyBuckets\"")) },
        { "PASS_ROLE_WITH_STAR_IN_RESOURCE", "identity", Doc(Allow("\"iam:PassRole\"")), Doc(Allow("\"iam:PassRole\"", "\"*\"", "{\"StringEquals\":{\"iam:PassedToService\":\"ec2.amazonaws.com\"}}")) },
        { "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", "identity", Doc(Allow("\"*\"")), Doc(Allow("\"*\"", "\"arn:aws:s3:::b/*\"")) },
        { "PASS_ROLE_WITH_NOT_RESOURCE", "identity", Doc("{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"NotResource\":\"arn:aws:iam::123456789012:role/admin\"}"),
            Doc(Allow("\"iam:PassRole\"", "\"arn:aws:iam::123456789012:role/app\"")) },
        { "PASS_ROLE_WITH_NOT_ACTION", "identity", Doc("{\"Effect\":\"Allow\",\"NotAction\":\"s3:*\",\"Resource\":\"*\"}"), Doc("{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}") },
        { "CREATE_SLR_WITH_STAR_IN_RESOURCE", "identity", Doc(Allow("\"iam:CreateServiceLinkedRole\"")),
            Doc(Allow("\"iam:CreateServiceLinkedRole\"", "\"*\"", "{\"StringEquals\":{\"iam:AWSServiceName\":\"elasticmapreduce.amazonaws.com\"}}")) },
        { "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", "identity", Doc(Allow("\"iam:*\"")), Doc(Allow("\"iam:*\"", "\"arn:aws:iam::123456789012:role/app\"")) },
        { "CREATE_SLR_WITH_NOT_RESOURCE", "identity", Doc("{\"Effect\":\"Allow\",\"Action\":\"iam:CreateServiceLinkedRole\",\"NotResource\":\"arn:aws:iam::123456789012:role/admin\"}"),
            Doc(Allow("\"iam:CreateServiceLinkedRole\"", "\"arn:aws:iam::123456789012:role/aws-service-role/*\"")) },
        { "CREATE_SLR_WITH_NOT_ACTION", "identity", Doc("{\"Effect\":\"Allow\",\"NotAction\":\"s3:*\",\"Resource\":\"*\"}"), Doc("{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}") },
        { "ALLOW_WITH_NOT_PRINCIPAL", "resource", Doc("{\"Effect\":\"Allow\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}"),
            Doc("{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}") },
        { "INVALID_GLOBAL_CONDITION_KEY", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"StringEquals\":{\"aws:PrincipalAccountt\":\"123456789012\"}}")),
            Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}")) },
        { "INVALID_SERVICE_CONDITION_KEY", "identity", Doc(Allow("\"s3:GetObject\"", "\"*\"", "{\"NumericLessThan\":{\"s3:TlsVersionn\":\"1.2\"}}")),
            Doc(Allow("\"s3:GetObject\"", "\"*\"", "{\"NumericLessThan\":{\"s3:TlsVersion\":\"1.2\"}}")) },
        { "UNSUPPORTED_ACTION_FOR_CONDITION_KEY", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"StringEquals\":{\"s3:prefix\":\"home/\"}}")),
            Doc(Allow("\"s3:ListBucket\"", "\"*\"", "{\"StringEquals\":{\"s3:prefix\":\"home/\"}}")) },
        { "TYPE_MISMATCH", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"StringEquals\":{\"aws:SourceIp\":\"203.0.113.1\"}}")),
            Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.1\"}}")) },
        { "TYPE_MISMATCH_BOOLEAN", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"Bool\":{\"aws:SecureTransport\":\"fals\"}}")),
            Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}")) },
        { "TYPE_MISMATCH_DATE", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"yesterday\"}}")),
            Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"}}")) },
        { "TYPE_MISMATCH_NUMBER", "identity", Doc(Allow("\"s3:GetObject\"", "\"*\"", "{\"NumericLessThan\":{\"s3:TlsVersion\":\"one\"}}")),
            Doc(Allow("\"s3:GetObject\"", "\"*\"", "{\"NumericLessThan\":{\"s3:TlsVersion\":\"1.2\"}}")) },
        { "TYPE_MISMATCH_IP_RANGE", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/40\"}}")),
            Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}")) },
        { "TYPE_MISMATCH_ARN", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"ArnLike\":{\"aws:SourceArn\":\"not-an-arn\"}}")),
            Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:123456789012:t\"}}")) },
        { "FORALLVALUES_WITH_SINGLE_VALUED_KEY", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"ForAllValues:StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}")),
            Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}")) },
        { "MISSING_QUALIFIER", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"StringEquals\":{\"aws:TagKeys\":\"team\"}}")),
            Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":\"team\"}}")) },
        { "INVALID_CONDITION_MULTIPLE_BOOLEAN", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"Bool\":{\"aws:SecureTransport\":[\"true\",\"false\"]}}")),
            Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"Bool\":{\"aws:SecureTransport\":[\"true\"]}}")) },
        { "WILDCARD_WITHOUT_LIKE_OPERATOR", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"dev*\"}}")),
            Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"StringLike\":{\"aws:PrincipalTag/team\":\"dev*\"}}")) },
        { "PRIVATE_IP_ADDRESS", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}")),
            Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}")) },
        { "PRIVATE_NOT_IP_ADDRESS", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"NotIpAddress\":{\"aws:SourceIp\":\"192.168.0.0/16\"}}")),
            Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}")) },
        { "BAD_PATTERN_FOR_MFA", "identity", Doc("{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"false\"}}}"),
            Doc("{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}}") },
        { "MISSING_BRACE", "identity", Doc(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/${aws:username\"")), Doc(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/${aws:username}\"")) },
        { "EMPTY_VARIABLE", "identity", Doc(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/${}\"")), Doc(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/${aws:username}\"")) },
        { "VARIABLE_UNSUPPORTED_IN_ELEMENT", "identity", Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"StringEquals\":{\"aws:PrincipalTag/${aws:username}\":\"x\"}}")),
            Doc(Allow("\"s3:ListAllMyBuckets\"", "\"*\"", "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"${aws:username}\"}}")) },
        { "VARIABLE_UNSUPPORTED_IN_VERSION", "identity", "{\"Version\":\"2008-10-17\",\"Statement\":[" + Allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/${aws:username}\"") + "]}",
            Doc(Allow("\"s3:GetObject\"", "\"arn:aws:s3:::b/${aws:username}\"")) },
        { "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", "identity", BigPolicy(60), BigPolicy(10) },
        { "POLICY_SIZE_EXCEEDS_SCP_QUOTA", "scp", BigPolicy(40), BigPolicy(10) },
        { "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", "resource",
            Doc(Enumerable.Range(0, 200).Select(i => $"{{\"Sid\":\"S{i}\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::bucket-number-{i}/*\"}}").ToArray()),
            Doc("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}") },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fires_on_the_broken_form_and_not_on_the_fixed_form(string code, string kind, string broken, string fixedForm)
    {
        PolicyKind policyKind = Kind(kind);
        LintResult before = PolicyLinter.Lint(broken, policyKind);
        Assert.True(before.Parsed, string.Join("; ", before.Findings.Select(f => f.Message)));
        PolicyFinding finding = Assert.Single(before.Findings, f => f.IssueCode == code);
        Assert.Equal(IssueCodes.All.Single(c => c.Code == code).Type, finding.Type);
        Assert.Matches("^[a-z`]", finding.Message);
        Assert.False(finding.Message.EndsWith('.'), finding.Message);
        AssertSpanIsConsistent(broken, finding);

        LintResult after = PolicyLinter.Lint(fixedForm, policyKind);
        Assert.True(after.Parsed);
        Assert.DoesNotContain(after.Findings, f => f.IssueCode == code);
    }

    [Fact]
    public void Every_code_of_the_table_has_a_case()
    {
        var covered = Cases().Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        string[] missing = [.. IssueCodes.All.Select(c => c.Code).Where(c => !covered.Contains(c))];
        Assert.Empty(missing);
    }

    [Fact]
    public void Unknown_actions_in_a_deny_or_an_scp_are_warnings()
    {
        Assert.Equal(FindingType.Warning, Assert.Single(PolicyLinter.Lint(Doc("{\"Effect\":\"Deny\",\"Action\":\"s3:NewAction\",\"Resource\":\"*\"}"), PolicyKind.Identity).Findings).Type);
        Assert.Equal(FindingType.Error, Assert.Single(PolicyLinter.Lint(Doc(Allow("\"s3:NewAction\"")), PolicyKind.Identity).Findings).Type);
        Assert.Contains("2026-09-26", PolicyLinter.Lint(Doc(Allow("\"s3:NewAction\"")), PolicyKind.Identity).Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_finding_points_at_the_offending_text()
    {
        string doc = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:GetObjekt\"], \"Resource\": \"*\"}\n  ]\n}";
        PolicyFinding finding = Assert.Single(PolicyLinter.Lint(doc, PolicyKind.Identity).Findings, f => f.IssueCode == "INVALID_ACTION");
        Assert.Equal("$.Statement[0].Action[1]", finding.PathText);
        Assert.Equal(4, finding.Span.Start.Line);
        Assert.Equal(doc.Split('\n')[3].IndexOf("\"s3:GetObjekt\"", StringComparison.Ordinal), finding.Span.Start.Column);
        Assert.Equal("\"s3:GetObjekt\"", doc[finding.Span.Start.Offset..finding.Span.End.Offset]);
        Assert.Equal("s3:GetObjekt", finding.Action);
        Assert.Contains("`s3:GetObjekt`", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_errors_are_error_findings_with_the_compilers_code()
    {
        LintResult result = PolicyLinter.Lint(Doc(Allow("\"s3:GetObject\"", "\"*\"", "{\"StringLikee\":{\"aws:username\":\"a\"}}")), PolicyKind.Identity);
        Assert.False(result.Parsed);
        PolicyFinding error = Assert.Single(result.Findings);
        Assert.Equal(("INVALID_CONDITION_OPERATOR", FindingType.Error), (error.IssueCode, error.Type));
        Assert.Contains("`StringLikee`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_ascii_document_counts_characters_not_bytes()
    {
        string doc = "{\"Version\":\"2012-10-17\",\"Id\":\"caf\u00e9\",\"Statement\":[" + Allow("\"s3:GetObjekt\"") + "]}";
        PolicyFinding finding = Assert.Single(PolicyLinter.Lint(doc, PolicyKind.Identity).Findings, f => f.IssueCode == "INVALID_ACTION");
        Assert.Equal("\"s3:GetObjekt\"", doc[finding.Span.Start.Offset..finding.Span.End.Offset]);
    }

    private static void AssertSpanIsConsistent(string doc, PolicyFinding finding)
    {
        Assert.InRange(finding.Span.Start.Offset, 0, doc.Length);
        Assert.InRange(finding.Span.End.Offset, finding.Span.Start.Offset, doc.Length);
        string[] lines = doc.Split('\n');
        int lineStart = lines.Take(finding.Span.Start.Line - 1).Sum(l => l.Length + 1);
        Assert.Equal(finding.Span.Start.Offset, lineStart + finding.Span.Start.Column);
    }

    internal static PolicyKind Kind(string kind) => kind switch
    {
        "resource" => PolicyKind.Resource,
        "scp" => PolicyKind.Scp,
        "rcp" => PolicyKind.Rcp,
        "boundary" => PolicyKind.PermissionsBoundary,
        _ => PolicyKind.Identity,
    };
}
