using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Engine.Catalog;
using Engine.Compiler.Model;

namespace Engine.Lint;

internal sealed partial class LintContext
{
    private enum Family { String, Numeric, Date, Bool, Binary, Ip, Arn, Null }

    private void CheckConditions(Statement statement, LocatedJson node, ImmutableArray<PathElement> path, List<Entry> actions, List<AwsAction> granted)
    {
        if (node.Get("Condition") is not { Members: { } operators })
        {
            return;
        }

        ImmutableArray<PathElement> conditionPath = path.Add(new PathElement("Condition", null));
        foreach ((string operatorText, LocatedJson block) in operators)
        {
            ImmutableArray<PathElement> operatorPath = conditionPath.Add(new PathElement(operatorText, null));
            foreach ((string key, LocatedJson value) in block.Members ?? [])
            {
                Condition? condition = statement.Conditions.FirstOrDefault(c => c.OperatorText == operatorText && c.Key == key);
                if (condition is null)
                {
                    continue;
                }

                ImmutableArray<PathElement> keyPath = operatorPath.Add(new PathElement(key, null));
                var values = new List<Entry>();
                if (value.Items is { } items)
                {
                    for (int i = 0; i < items.Count; i++)
                    {
                        values.Add(new Entry(items[i].Text ?? "", items[i], keyPath.Add(new PathElement(null, i))));
                    }
                }
                else
                {
                    values.Add(new Entry(value.Text ?? "", value, keyPath));
                }

                CheckCondition(statement, condition, key, value, keyPath, values, actions, granted);
            }
        }
    }

    private void CheckCondition(Statement statement, Condition condition, string key, LocatedJson keyNode, ImmutableArray<PathElement> keyPath,
        List<Entry> values, List<Entry> actions, List<AwsAction> granted)
    {
        ConditionOperator op = condition.Operator;
        Family family = FamilyOf(op.Base);
        if (key.Contains("${", StringComparison.Ordinal))
        {
            Report("VARIABLE_UNSUPPORTED_IN_ELEMENT", $"the condition key `{key}` holds a policy variable, which condition keys do not support", keyNode, keyPath);
        }

        foreach (Entry value in values)
        {
            if (op.AllowsVariables)
            {
                CheckVariables(value.Text, value.Node, value.Path);
            }
        }

        // `NullIfExists` and `ForAnyValue:Null` (Access Analyzer's NULL_WITH_IF_EXISTS, NULL_WITH_QUALIFIER) never get
        // here: the compiler rejects them as operators.
        if (family == Family.Null)
        {
            return;
        }

        CheckValues(condition, key, family, values);
        if (family == Family.Bool && string.Equals(key, "aws:MultiFactorAuthPresent", StringComparison.OrdinalIgnoreCase) && !op.IfExists
            && values.Any(v => string.Equals(v.Text, "false", StringComparison.OrdinalIgnoreCase)))
        {
            Report("BAD_PATTERN_FOR_MFA", $"`{key}` is absent from requests signed with long-term keys, so `false` never matches them: use `BoolIfExists`", keyNode, keyPath);
        }

        if (family == Family.Ip && string.Equals(key, "aws:SourceIp", StringComparison.OrdinalIgnoreCase))
        {
            foreach (Entry value in values.Where(v => IsPrivate(v.Text)))
            {
                Report(op.Base == ConditionOperatorBase.NotIpAddress ? "PRIVATE_NOT_IP_ADDRESS" : "PRIVATE_IP_ADDRESS",
                    $"`aws:SourceIp` never carries the private range `{value.Text}` (use `aws:VpcSourceIp` for addresses inside a VPC)", value.Node, value.Path);
            }
        }

        CheckKey(statement, condition, key, family, keyNode, keyPath, actions, granted);
    }

    private void CheckValues(Condition condition, string key, Family family, List<Entry> values)
    {
        ConditionOperatorBase op = condition.Operator.Base;
        bool sawTrue = false, sawFalse = false;
        foreach (Entry value in values)
        {
            string text = value.Text;
            bool variable = text.Contains("${", StringComparison.Ordinal);
            switch (family)
            {
                case Family.Bool:
                    sawTrue |= string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
                    sawFalse |= string.Equals(text, "false", StringComparison.OrdinalIgnoreCase);
                    if (!variable && !string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) && !string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
                    {
                        Report("TYPE_MISMATCH_BOOLEAN", $"the `Bool` value `{text}` of `{key}` is neither `true` nor `false`, so it never matches", value.Node, value.Path);
                    }

                    break;
                case Family.Numeric when !variable && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _):
                    Report("TYPE_MISMATCH_NUMBER", $"the value `{text}` of `{key}` is not a number, so `{condition.OperatorText}` never matches it", value.Node, value.Path);
                    break;
                case Family.Date when !variable && !IsDate(text):
                    Report("TYPE_MISMATCH_DATE", $"the value `{text}` of `{key}` is not a date (ISO 8601 or epoch seconds), so `{condition.OperatorText}` never matches it", value.Node, value.Path);
                    break;
                case Family.Ip when !variable && !IsIpOrRange(text):
                    Report("TYPE_MISMATCH_IP_RANGE", $"the value `{text}` of `{key}` is not an IP address or CIDR range, so `{condition.OperatorText}` never matches it", value.Node, value.Path);
                    break;
                case Family.Arn when !variable && text != "*" && (!text.StartsWith("arn:", StringComparison.Ordinal) || text.Split(':', 6).Length < 6) && !text.Contains('*', StringComparison.Ordinal):
                    Report("TYPE_MISMATCH_ARN", $"the value `{text}` of `{key}` is not an ARN (six `:`-separated fields), so `{condition.OperatorText}` never matches it", value.Node, value.Path);
                    break;
                case Family.String when op is ConditionOperatorBase.StringEquals or ConditionOperatorBase.StringNotEquals
                    or ConditionOperatorBase.StringEqualsIgnoreCase or ConditionOperatorBase.StringNotEqualsIgnoreCase
                    && Glob.HasWildcard(WithoutVariables(text)):
                    Report("WILDCARD_WITHOUT_LIKE_OPERATOR", $"`{condition.OperatorText}` compares `{text}` literally: use `StringLike` for wildcards", value.Node, value.Path);
                    break;
            }
        }

        if (sawTrue && sawFalse)
        {
            Report("INVALID_CONDITION_MULTIPLE_BOOLEAN", $"the `Bool` condition on `{key}` lists both `true` and `false`", values[0].Node, values[0].Path);
        }
    }

    /// <summary>INVALID_*_CONDITION_KEY, UNSUPPORTED_ACTION_FOR_CONDITION_KEY, TYPE_MISMATCH, FORALLVALUES_…, MISSING_QUALIFIER.</summary>
    private void CheckKey(Statement statement, Condition condition, string key, Family family, LocatedJson keyNode, ImmutableArray<PathElement> keyPath,
        List<Entry> actions, List<AwsAction> granted)
    {
        int colon = key.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return;
        }

        string prefix = key[..colon];
        ConditionKeyDefinition? definition;
        if (string.Equals(prefix, "aws", StringComparison.OrdinalIgnoreCase))
        {
            if (!GlobalConditionKeys.TryGet(key, out definition))
            {
                Report("INVALID_GLOBAL_CONDITION_KEY", $"`{key}` is not a global condition key", keyNode, keyPath);
                return;
            }
        }
        else if (ServiceReference.TryGetService(prefix, out AwsService? service))
        {
            if (!service.TryGetConditionKey(key, out definition) && !GlobalConditionKeys.TryGet(key, out definition))
            {
                Report("INVALID_SERVICE_CONDITION_KEY", $"`{key}` is not a condition key of `{prefix}`", keyNode, keyPath);
                return;
            }

            // Skip statements with wildcard actions or NotAction, as Access Analyzer does.
            if (!statement.Action.IsNot && granted.Count > 0 && actions.All(a => !Glob.HasWildcard(a.Text))
                && !GlobalConditionKeys.TryGet(key, out _)
                && !granted.Any(a => a.AllConditionKeys().Any(k => ConditionKeyDefinition.IsKeyMatch(k, key))))
            {
                Report("UNSUPPORTED_ACTION_FOR_CONDITION_KEY", $"no action of the statement supports `{key}`", keyNode, keyPath);
            }
        }
        else
        {
            // Identity-provider keys (`accounts.google.com:aud`, `<host>:sub`, `saml:…`) and retired services: no data.
            return;
        }

        ConditionKeyType type = definition.Type;
        ConditionKeyType scalar = type switch
        {
            ConditionKeyType.ArrayOfString => ConditionKeyType.String,
            ConditionKeyType.ArrayOfArn => ConditionKeyType.Arn,
            ConditionKeyType.ArrayOfBool => ConditionKeyType.Bool,
            ConditionKeyType.ArrayOfNumeric => ConditionKeyType.Numeric,
            ConditionKeyType.ArrayOfDate => ConditionKeyType.Date,
            ConditionKeyType.ArrayOfIPAddress => ConditionKeyType.IPAddress,
            _ => type,
        };
        bool fits = (scalar, family) switch
        {
            (_, Family.Null) => true,
            (ConditionKeyType.String, Family.String or Family.Arn) => true, // ArnLike on String-typed tag or context keys is common and harmless
            (ConditionKeyType.Arn, Family.Arn or Family.String) => true,   // a String operator on an ARN key works
            (ConditionKeyType.Bool, Family.Bool or Family.String) => true,
            (ConditionKeyType.Numeric, Family.Numeric) => true,
            (ConditionKeyType.Date, Family.Date) => true,
            (ConditionKeyType.Date, Family.Numeric) => string.Equals(key, "aws:EpochTime", StringComparison.OrdinalIgnoreCase),
            (ConditionKeyType.IPAddress, Family.Ip) => true,
            (_, Family.Binary) => true,
            _ => false,
        };
        if (!fits)
        {
            Report("TYPE_MISMATCH", $"`{condition.OperatorText}` does not fit `{key}`, whose type is {type}", keyNode, keyPath);
        }

        bool multivalued = definition.IsMultivalued;
        if (condition.Operator.Set == SetOperator.ForAllValues && !multivalued)
        {
            Report("FORALLVALUES_WITH_SINGLE_VALUED_KEY", $"`{condition.OperatorText}` on the single-valued key `{key}` is true when the key is absent: use `ForAnyValue` or a plain operator", keyNode, keyPath);
        }
        else if (condition.Operator.Set == SetOperator.None && multivalued)
        {
            Report("MISSING_QUALIFIER", $"`{key}` is multivalued: write `ForAnyValue:{condition.OperatorText}` or `ForAllValues:{condition.OperatorText}`", keyNode, keyPath);
        }
    }

    private static Family FamilyOf(ConditionOperatorBase op) => op switch
    {
        >= ConditionOperatorBase.StringEquals and <= ConditionOperatorBase.StringNotLike => Family.String,
        >= ConditionOperatorBase.NumericEquals and <= ConditionOperatorBase.NumericGreaterThanEquals => Family.Numeric,
        >= ConditionOperatorBase.DateEquals and <= ConditionOperatorBase.DateGreaterThanEquals => Family.Date,
        ConditionOperatorBase.Bool => Family.Bool,
        ConditionOperatorBase.BinaryEquals => Family.Binary,
        ConditionOperatorBase.IpAddress or ConditionOperatorBase.NotIpAddress => Family.Ip,
        ConditionOperatorBase.Null => Family.Null,
        _ => Family.Arn,
    };

    private static bool IsDate(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
        || long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    private static bool IsIpOrRange(string text)
    {
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string address = slash < 0 ? text : text[..slash];
        return IPAddress.TryParse(address, out IPAddress? ip) && (slash < 0 || (int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int bits)
            && bits <= (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)));
    }

    private static bool IsPrivate(string text)
    {
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out IPAddress? ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return false;
        }

        byte[] b = ip.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168);
    }

    private static string WithoutVariables(string text)
    {
        int open;
        while ((open = text.IndexOf("${", StringComparison.Ordinal)) >= 0)
        {
            int close = text.IndexOf('}', open);
            if (close < 0)
            {
                break;
            }

            text = text[..open] + text[(close + 1)..];
        }

        return text;
    }
}
