using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Engine.Compiler.Model;

namespace Engine.Compiler.Cases;

// SPEC: case-format.md, "Suites: one policy set, many questions" — one object with a `name`, one
// `policies` object and a `cases` array; each case is decided with the suite's policies and named
// `suite/name` (or `suite/index`); a case inside a suite that carries its own `policies` makes the
// file malformed.
public static partial class DecisionCaseReader
{
    // A copy of the reader looks ahead without moving the caller's: an object is a suite when one of
    // its own members is `cases`.
    private static bool IsSuite(Utf8JsonReader probe)
    {
        if (probe.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            if (probe.ValueTextEquals("cases"u8))
            {
                return true;
            }

            probe.Read();
            probe.Skip();
        }

        return false;
    }

    private static void ReadSuite(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, int offset, LineIndex lines, string source, string path, ImmutableArray<DecisionCase>.Builder cases, ImmutableArray<CaseLoadError>.Builder errors)
    {
        long suiteStart = reader.TokenStartIndex;
        string? name = null;
        PolicySet? policies = null;
        bool hasPolicies = false;
        var parts = new List<CaseParts>();
        var policyErrors = new List<string>();

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string member = reader.GetString()!;
            long memberStart = reader.TokenStartIndex;
            string memberPath = $"{path}.{member}";
            reader.Read();
            switch (member)
            {
                case "name": name = ReadString(ref reader, "name", memberPath); break;
                case "description": _ = reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, "description", memberPath); break;
                case "policies":
                    Expect(ref reader, JsonTokenType.StartObject, "the `policies` of a suite must be an object", memberPath);
                    policies = ReadPolicies(ref reader, utf8, offset, lines, path, policyErrors);
                    hasPolicies = true;
                    break;
                case "cases":
                    Expect(ref reader, JsonTokenType.StartArray, "the `cases` of a suite must be an array of cases", memberPath);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        parts.Add(ReadCaseMembers(ref reader, utf8, offset, lines, $"{memberPath}[{parts.Count}]", inSuite: true, policyErrors));
                    }

                    break;
                default: throw new CaseFormatException($"unknown suite member `{member}`", memberStart, memberPath);
            }
        }

        if (name is null)
        {
            throw new CaseFormatException("a suite needs a `name`", suiteStart, path);
        }

        if (!hasPolicies)
        {
            throw new CaseFormatException("a suite needs `policies`", suiteStart, path);
        }

        if (policyErrors.Count > 0)
        {
            errors.Add(new CaseLoadError($"{source} ({name})", string.Join(Environment.NewLine + "  ", policyErrors)));
            return;
        }

        // Every case of the suite holds the same PolicySet object, so a DecisionEngine or a bench
        // compiles it once.
        for (int i = 0; i < parts.Count; i++)
        {
            CaseParts part = parts[i];
            string caseName = $"{name}/{part.Name ?? i.ToString(CultureInfo.InvariantCulture)}";
            cases.Add(new DecisionCase(caseName, part.Description, policies, part.Query, part.Expect, $"{source}.cases[{i}] ({lines.Locate(offset + (int)part.Start)})"));
        }
    }
}
