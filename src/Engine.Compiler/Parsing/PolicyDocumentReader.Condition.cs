using System.Collections.Immutable;
using Engine.Compiler.Diagnostics;
using Engine.Compiler.Model;

namespace Engine.Compiler.Parsing;

/// <summary>The Condition block (iam-semantics.md §2.6, §7.2).</summary>
internal sealed partial class PolicyDocumentReader
{
    /// <summary>One condition per (operator, key) pair in document order; empty after errors.</summary>
    private ImmutableArray<Condition> ReadConditions(JsonNode value, string path)
    {
        // SPEC: iam-semantics.md §2.6
        if (value.Kind != JsonNodeKind.Object)
        {
            Add(PolicyErrorCode.InvalidType, path, value.Location, $"expected an object of condition operators, found {value.Describe()}");
            return [];
        }

        var conditions = ImmutableArray.CreateBuilder<Condition>();
        foreach (JsonMember block in value.Members!)
        {
            // An unknown operator is never ignored (that would make the condition easier to satisfy);
            // its block is still checked so that every error is reported at once.
            bool known = ConditionOperatorParser.TryParse(block.Name, out ConditionOperator op, out string? reason);
            if (!known)
            {
                string message = reason == "unknown condition operator"
                    ? $"unknown condition operator {Quote.User(block.Name)}"
                    : $"invalid condition operator {Quote.User(block.Name)}: {reason}";
                Add(PolicyErrorCode.InvalidConditionOperator, path, block.NameLocation, message);
            }

            string blockPath = JsonPath.Member(path, block.Name);
            if (block.Value.Kind != JsonNodeKind.Object)
            {
                Add(PolicyErrorCode.InvalidType, blockPath, block.Value.Location, $"expected an object of condition keys, found {block.Value.Describe()}");
                continue;
            }

            foreach (JsonMember key in block.Value.Members!)
            {
                bool validKey = key.Name.IndexOf(':', StringComparison.Ordinal) > 0;
                if (!validKey)
                {
                    Add(PolicyErrorCode.InvalidConditionKey, blockPath, key.NameLocation, $"condition key {Quote.User(key.Name)} must look like `prefix:name`");
                }

                ImmutableArray<string>? values = ReadConditionValues(key.Value, blockPath, key.Name);
                if (known && validKey && values is { } v)
                {
                    conditions.Add(new Condition(op, block.Name, key.Name, v));
                }
            }
        }

        return conditions.ToImmutable();
    }

    /// <summary>A string, number or boolean, or a non-empty array of those, as JSON text (§2.6).</summary>
    private ImmutableArray<string>? ReadConditionValues(JsonNode value, string blockPath, string key)
    {
        if (value.IsScalarText)
        {
            return [value.Text!];
        }

        if (value.Kind != JsonNodeKind.Array)
        {
            Add(PolicyErrorCode.InvalidType, JsonPath.Member(blockPath, key), value.Location,
                $"expected a string, number, boolean or a list of them, found {value.Describe()}");
            return null;
        }

        if (value.Items!.Count == 0)
        {
            Add(PolicyErrorCode.EmptyArray, JsonPath.Member(blockPath, key), value.Location, "the list is empty");
            return null;
        }

        var builder = ImmutableArray.CreateBuilder<string>(value.Items.Count);
        bool valid = true;
        for (int i = 0; i < value.Items.Count; i++)
        {
            JsonNode item = value.Items[i];
            if (item.IsScalarText)
            {
                builder.Add(item.Text!);
            }
            else
            {
                Add(PolicyErrorCode.InvalidType, JsonPath.Item(JsonPath.Member(blockPath, key), i), item.Location,
                    $"expected a string, number or boolean, found {item.Describe()}");
                valid = false;
            }
        }

        return valid ? builder.MoveToImmutable() : null;
    }
}
