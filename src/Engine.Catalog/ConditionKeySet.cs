using System.Diagnostics.CodeAnalysis;

namespace Engine.Catalog;

/// <summary>Condition keys looked up case-insensitively: exact keys by hash, templated keys in order.</summary>
internal sealed class ConditionKeySet
{
    private readonly Dictionary<string, ConditionKeyDefinition> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ConditionKeyDefinition> _templates = [];

    public ConditionKeySet(IEnumerable<ConditionKeyDefinition> keys)
    {
        foreach (ConditionKeyDefinition key in keys)
        {
            if (key.IsTemplate)
            {
                _templates.Add(key);
            }
            else
            {
                _exact.TryAdd(key.Key, key);
            }
        }
    }

    public bool TryGet(string key, [MaybeNullWhen(false)] out ConditionKeyDefinition definition)
    {
        if (_exact.TryGetValue(key, out definition))
        {
            return true;
        }

        foreach (ConditionKeyDefinition template in _templates)
        {
            if (template.IsMatch(key))
            {
                definition = template;
                return true;
            }
        }

        definition = null;
        return false;
    }
}
