using Engine.Catalog;
using Engine.Runtime.Evaluation;

namespace Engine.Bundles;

/// <summary>
/// The <see cref="ContextValidator"/> for the global condition keys and their types
/// (<see cref="GlobalConditionKeys"/>, data/condition-keys.tsv): what <c>engine serve</c> checks
/// with <c>--context-check strict</c>, and what an embedder can call before
/// <see cref="CompiledPolicySet.Evaluate(AuthorizationRequest)"/>.
/// </summary>
public static class GlobalContextValidator
{
    private static readonly Lazy<ContextValidator> s_strict = new(
        () => new ContextValidator(ToTypedKeys(GlobalConditionKeys.All)), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The validator of every global key of known type: a <c>Bool</c> key takes exactly <c>true</c> or
    /// <c>false</c>, a single-valued key one single value, a <c>Date</c>, <c>Numeric</c>,
    /// <c>IPAddress</c> or <c>ARN</c> key a value of its type. Built on first use.
    /// </summary>
    public static ContextValidator Strict => s_strict.Value;

    /// <summary>
    /// The catalog's keys as typed keys: <c>ArrayOf…</c> types become multivalued keys of their element
    /// type, and a key whose placeholder ends it (<c>aws:PrincipalTag/${TagKey}</c>) a prefix key. A
    /// key with a placeholder elsewhere is left out (no global key has one).
    /// </summary>
    /// <param name="keys">The catalog's keys.</param>
    internal static IEnumerable<TypedContextKey> ToTypedKeys(IEnumerable<ConditionKeyDefinition> keys)
    {
        foreach (ConditionKeyDefinition key in keys)
        {
            (ContextValueType type, bool multivalued) = key.Type switch
            {
                ConditionKeyType.Arn => (ContextValueType.Arn, false),
                ConditionKeyType.Bool => (ContextValueType.Bool, false),
                ConditionKeyType.Date => (ContextValueType.Date, false),
                ConditionKeyType.Numeric => (ContextValueType.Numeric, false),
                ConditionKeyType.IPAddress => (ContextValueType.IPAddress, false),
                ConditionKeyType.ArrayOfString => (ContextValueType.String, true),
                ConditionKeyType.ArrayOfArn => (ContextValueType.Arn, true),
                ConditionKeyType.ArrayOfBool => (ContextValueType.Bool, true),
                ConditionKeyType.ArrayOfNumeric => (ContextValueType.Numeric, true),
                ConditionKeyType.ArrayOfDate => (ContextValueType.Date, true),
                ConditionKeyType.ArrayOfIPAddress => (ContextValueType.IPAddress, true),
                _ => (ContextValueType.String, false),
            };

            if (!key.IsTemplate)
            {
                yield return new TypedContextKey(key.Key, type, multivalued);
                continue;
            }

            int placeholder = key.Key.IndexOf("${", StringComparison.Ordinal);
            if (placeholder > 0 && key.Key.IndexOf('}', placeholder) == key.Key.Length - 1)
            {
                yield return new TypedContextKey(key.Key[..placeholder], type, multivalued, IsPrefix: true);
            }
        }
    }
}
