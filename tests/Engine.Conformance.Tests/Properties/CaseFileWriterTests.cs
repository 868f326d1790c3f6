using System.Collections.Immutable;
using System.Text;
using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Runtime.Evaluation;
using Engine.Testing;
using Engine.Testing.Generators;
using FsCheck.Fluent;

namespace Engine.Conformance.Tests.Properties;

/// <summary>
/// The case writer round-trips through the case reader: generated scenarios written as case
/// JSON read back to the same model (write → read → write is byte-identical) and decide the same.
/// Because the reader runs the policy parser, this also proves the generators only build
/// documents that §2 accepts (e.g. RCPs: Deny, Principal "*", Version 2012-10-17).
/// </summary>
public sealed class CaseFileWriterTests
{
    [Fact]
    public void Generated_scenarios_round_trip_through_the_case_reader()
    {
        var engine = new DecisionEngine(EngineKind.Reference);
        foreach (DecisionScenario scenario in PolicySetGenerators.Scenario.Sample(400, 100))
        {
            Decision expect = engine.Decide(scenario.Policies, scenario.Query).Decision;
            string written = CaseFileWriter.Write("round-trip", "a description", scenario, expect);

            DecisionCase read = ReadOne(written);

            Assert.Equal(expect, read.Expect);
            Assert.Equal("a description", read.Description);
            string rewritten = CaseFileWriter.Write("round-trip", "a description", new DecisionScenario(read.Policies!, read.Query), read.Expect);
            Assert.Equal(written, rewritten);
            Assert.Equal(engine.Decide(scenario.Policies, scenario.Query), engine.Decide(read.Policies!, read.Query));
        }
    }

    [Fact]
    public void Every_public_case_round_trips_to_the_same_decision()
    {
        var engine = new DecisionEngine(EngineKind.Reference);
        foreach (DecisionCase original in CaseCorpus.All.Cases)
        {
            var scenario = new DecisionScenario(original.Policies!, original.Query);
            DecisionCase read = ReadOne(CaseFileWriter.Write(original.Name, original.Description, scenario, original.Expect));
            Assert.Equal(original.Expect, read.Expect);
            Assert.Equal(engine.Decide(original.Policies!, original.Query), engine.Decide(read.Policies!, read.Query));
        }
    }

    // A shrunk failure must still be a case the parser accepts (§2.5), or it could not be replayed from tests/Cases.
    [Fact]
    public void Every_shrink_candidate_is_a_valid_case()
    {
        foreach (DecisionScenario scenario in PolicySetGenerators.Scenario.Sample(60, 100))
        {
            foreach (DecisionScenario smaller in ScenarioShrinker.Shrink(scenario).Take(40))
            {
                _ = ReadOne(CaseFileWriter.Write("shrunk", null, smaller, Decision.ImplicitDeny));
            }
        }
    }

    private static DecisionCase ReadOne(string json)
    {
        var cases = ImmutableArray.CreateBuilder<DecisionCase>();
        var errors = ImmutableArray.CreateBuilder<CaseLoadError>();
        DecisionCaseReader.ReadText(Encoding.UTF8.GetBytes(json), "written.json", jsonLines: false, cases, errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.ToString())) + "\n" + json);
        return Assert.Single(cases);
    }
}
