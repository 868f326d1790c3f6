namespace Engine.Catalog;

/// <summary>
/// A condition key and its type. A templated key (<c>aws:ResourceTag/${TagKey}</c>,
/// <c>s3:ExistingObjectTag/&lt;key&gt;</c>) stands for every key that fills its placeholder.
/// </summary>
public sealed class ConditionKeyDefinition
{
    internal ConditionKeyDefinition(string key, ConditionKeyType type)
    {
        Key = key;
        Type = type;
        IsTemplate = IsTemplateKey(key);
    }

    /// <summary>The key as the reference spells it.</summary>
    public string Key { get; }

    /// <summary>Its type.</summary>
    public ConditionKeyType Type { get; }

    /// <summary>Whether the key holds a placeholder (<c>${…}</c> or <c>&lt;…&gt;</c>).</summary>
    public bool IsTemplate { get; }

    /// <summary>Whether the key is multivalued (an <c>ArrayOf…</c> type).</summary>
    public bool IsMultivalued => Type >= ConditionKeyType.ArrayOfString;

    /// <summary>
    /// Whether <paramref name="key"/> is this key, ignoring case (condition keys are case-insensitive);
    /// a placeholder matches any non-empty text (tag keys may hold <c>/</c>, encryption-context keys <c>:</c>).
    /// </summary>
    /// <param name="key">A key as a policy writes it.</param>
    public bool IsMatch(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return IsTemplate ? IsTemplateMatch(Key, key) : string.Equals(Key, key, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether <paramref name="key"/> is an instance of the key the reference spells <paramref name="definedKey"/>
    /// (as <see cref="IsMatch"/>, for keys held as text, such as <see cref="AwsAction.ConditionKeys"/>).
    /// </summary>
    /// <param name="definedKey">A key as the reference spells it, templated or not.</param>
    /// <param name="key">A key as a policy writes it.</param>
    public static bool IsKeyMatch(string definedKey, string key)
    {
        ArgumentNullException.ThrowIfNull(definedKey);
        ArgumentNullException.ThrowIfNull(key);
        return IsTemplateKey(definedKey)
            ? IsTemplateMatch(definedKey, key)
            : string.Equals(definedKey, key, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether a key as the reference spells it is a template: it holds <c>${…}</c> or <c>&lt;…&gt;</c>, or it is one
    /// of the tag keys the reference writes without a placeholder (<c>sagemaker:ResourceTag/</c>,
    /// <c>secretsmanager:ResourceTag/tag-key</c>).
    /// </summary>
    private static bool IsTemplateKey(string key) =>
        key.Contains("${", StringComparison.Ordinal) || key.Contains('<', StringComparison.Ordinal) || BareTagPrefix(key) > 0;

    /// <summary>The length of <c>…Tag/</c> in a tag key the reference writes without a placeholder, or 0.</summary>
    private static int BareTagPrefix(ReadOnlySpan<char> key)
    {
        if (key.EndsWith("Tag/", StringComparison.OrdinalIgnoreCase))
        {
            return key.Length;
        }

        return key.EndsWith("Tag/tag-key", StringComparison.OrdinalIgnoreCase) ? key.Length - "tag-key".Length : 0;
    }

    /// <summary>The case-insensitive comparison of a template (placeholders match 1+ characters) with a key.</summary>
    internal static bool IsTemplateMatch(ReadOnlySpan<char> template, ReadOnlySpan<char> key)
    {
        int bare = BareTagPrefix(template);
        if (bare > 0 && !template.Contains("${", StringComparison.Ordinal))
        {
            // `sagemaker:ResourceTag/` and `secretsmanager:ResourceTag/tag-key` stand for `…ResourceTag/${TagKey}`.
            return key.Length > bare && key[..bare].Equals(template[..bare], StringComparison.OrdinalIgnoreCase);
        }

        while (!template.IsEmpty)
        {
            int close = PlaceholderLength(template);
            if (close > 0)
            {
                ReadOnlySpan<char> rest = template[close..];
                for (int taken = 1; taken <= key.Length; taken++)
                {
                    if (IsTemplateMatch(rest, key[taken..]))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (key.IsEmpty || char.ToUpperInvariant(template[0]) != char.ToUpperInvariant(key[0]))
            {
                return false;
            }

            template = template[1..];
            key = key[1..];
        }

        return key.IsEmpty;
    }

    /// <summary>The length of the placeholder at the start of <paramref name="template"/>, or 0.</summary>
    private static int PlaceholderLength(ReadOnlySpan<char> template)
    {
        if (template.StartsWith("${", StringComparison.Ordinal))
        {
            int end = template.IndexOf('}');
            return end < 0 ? 0 : end + 1;
        }

        if (template[0] == '<')
        {
            int end = template.IndexOf('>');
            return end < 0 ? 0 : end + 1;
        }

        return 0;
    }

    internal static ConditionKeyType ParseType(string type) => type switch
    {
        "String" => ConditionKeyType.String,
        "ARN" => ConditionKeyType.Arn,
        "Bool" => ConditionKeyType.Bool,
        "Date" => ConditionKeyType.Date,
        "Numeric" => ConditionKeyType.Numeric,
        "IPAddress" => ConditionKeyType.IPAddress,
        "ArrayOfString" => ConditionKeyType.ArrayOfString,
        "ArrayOfARN" => ConditionKeyType.ArrayOfArn,
        "ArrayOfBool" => ConditionKeyType.ArrayOfBool,
        "ArrayOfNumeric" => ConditionKeyType.ArrayOfNumeric,
        "ArrayOfDate" => ConditionKeyType.ArrayOfDate,
        "ArrayOfIPAddress" => ConditionKeyType.ArrayOfIPAddress,
        _ => throw new InvalidDataException($"unknown condition key type `{type}` in the embedded catalog"),
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Key} ({Type})";
}
