using Engine.Compiler.Model;
using Engine.Runtime.Conditions;
using Engine.Runtime.Matching;

namespace Engine.Compiler.Emit;

/// <summary>
/// One classified object per distinct resource pattern and per distinct condition of a policy set,
/// however many statements carry it. A request remembers each object's result for the rest of an
/// evaluation (the runtime's AuthorizationRequest.Memo.cs), so a pattern or condition that many
/// statements share is computed once per request.
/// </summary>
internal sealed class AtomInterner
{
    private readonly Dictionary<string, ResourcePattern> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompiledCondition> _conditions = new(StringComparer.Ordinal);

    /// <summary>The set's object for an escaped <c>Resource</c> pattern.</summary>
    public ResourcePattern Pattern(string escapedPattern)
    {
        if (!_patterns.TryGetValue(escapedPattern, out ResourcePattern? pattern))
        {
            pattern = ResourcePattern.Create(escapedPattern);
            _patterns.Add(escapedPattern, pattern);
        }

        return pattern;
    }

    /// <summary>
    /// The set's object for a condition. Two conditions are the same atom when operator, key and
    /// values are written alike and their documents treat variables alike (§6.1: only
    /// 2012-10-17 documents recognise them); the key then has the same slot in the set.
    /// </summary>
    public CompiledCondition Condition(Condition condition, bool recognisesVariables, Func<CompiledCondition> classify)
    {
        string identity = string.Join('\u0000', [condition.OperatorText, condition.Key, recognisesVariables ? "v" : "-", .. condition.Values]);
        if (!_conditions.TryGetValue(identity, out CompiledCondition? compiled))
        {
            compiled = classify();
            _conditions.Add(identity, compiled);
        }

        return compiled;
    }
}
