using System.Collections.Immutable;
using Engine.Compiler.Cases;

namespace Engine.Fuzz.Targets;

/// <summary>
/// Decision-case files (Engine.Compiler's case reader, suites included): the input is read as a
/// JSON file and as JSON Lines; each case that loads with policies is decided by both engines.
/// A case that fails to load must say why.
/// </summary>
internal sealed class CaseFileTarget : IFuzzTarget
{
    public string Name => "cases";

    public void Run(ReadOnlySpan<byte> input)
    {
        foreach (bool jsonLines in new[] { false, true })
        {
            ImmutableArray<DecisionCase>.Builder cases = ImmutableArray.CreateBuilder<DecisionCase>();
            ImmutableArray<CaseLoadError>.Builder errors = ImmutableArray.CreateBuilder<CaseLoadError>();
            DecisionCaseReader.ReadText(input, jsonLines ? "fuzz.jsonl" : "fuzz.json", jsonLines, cases, errors);
            if (cases.Count == 0 && errors.Count == 0 && !IsBlank(input))
            {
                throw new OracleViolationException("neither a case nor an error");
            }

            foreach (DecisionCase c in cases.Take(16))
            {
                if (c.Policies is not null)
                {
                    Decisions.Decide(c.Policies, c.Query);
                }
            }
        }
    }

    public IEnumerable<FuzzSeed> Seeds(string repository) =>
        RepositoryFiles.Under(repository, "tests/Vectors", "*.json")
            .Concat(RepositoryFiles.Under(repository, "tests/Cases", "*.json"))
            .Concat(RepositoryFiles.Under(repository, "tests/Cases", "*.jsonl"))
            .Concat(RepositoryFiles.Under(repository, "bench/cases", "*.json"));

    // An empty JSON Lines file (or one of blank lines) holds no case and no error, rightly.
    private static bool IsBlank(ReadOnlySpan<byte> input) => input.Trim(" \t\r\n"u8).IsEmpty;
}
