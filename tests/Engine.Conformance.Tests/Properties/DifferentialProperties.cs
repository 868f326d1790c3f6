using Engine.Compiler;
using Engine.Runtime.Evaluation;
using Engine.Testing.Generators;
using Engine.Testing.Properties;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Engine.Conformance.Tests.Properties;

/// <summary>
/// The compiled engine, compiled to IL, interpreted and as the plain matcher (its first tier), against the reference interpreter on
/// generated scenarios: same decision, same deciding statement, same error presence
/// (iam-semantics.md §16, §17).
/// </summary>
public sealed class DifferentialProperties(ITestOutputHelper output)
{
    private const string PropertyName = "compiled engines agree with the reference";

    [Fact]
    public void Compiled_engines_agree_with_the_reference_on_decision_deciding_statement_and_error()
    {
        var engines = new EngineAnswers();
        var recorder = new FailingCaseRecorder();
        var mix = new Dictionary<string, int>(StringComparer.Ordinal);
        Arbitrary<DecisionScenario> scenarios = Arb.From(PolicySetGenerators.Scenario, ScenarioShrinker.Shrink);
        Property property = Prop.ForAll(scenarios, scenario =>
        {
            EngineAnswer reference = EngineAnswers.Decide(engines.Reference, scenario.Policies, scenario.Query);
            EngineAnswer compiled = EngineAnswers.Decide(engines.Compiled, scenario.Policies, scenario.Query);
            EngineAnswer interpreted = EngineAnswers.Decide(engines.Interpreted, scenario.Policies, scenario.Query);
            EngineAnswer matcher = EngineAnswers.Decide(engines.Matcher, scenario.Policies, scenario.Query);
            string? difference = EngineAnswers.Difference(reference, compiled, "compiled")
                ?? EngineAnswers.Difference(reference, interpreted, "compiled-interpreted")
                ?? EngineAnswers.Difference(reference, matcher, "compiled-matcher");
            string label = reference.Error is not null ? "Error" : reference.Decision.ToString();
            mix[label] = mix.GetValueOrDefault(label) + 1;
            if (difference is not null)
            {
                recorder.Reject(scenario, reference.Decision, difference);
            }

            return (difference is null).Label(difference ?? "agree")
                .Classify(reference.Error is null && reference.Decision == Decision.Allow, "Allow")
                .Classify(reference.Error is null && reference.Decision == Decision.ExplicitDeny, "ExplicitDeny")
                .Classify(reference.Error is null && reference.Decision == Decision.ImplicitDeny, "ImplicitDeny")
                .Classify(reference.Error is not null, "Error");
        });

        int cases = PropertyCheck.Cases(20_000);
        PropertyCheck.Run(PropertyName, property, cases, PropertyCheck.Seed(), output, report => recorder.WriteCase(PropertyName, report));
        AssertUsefulMix(mix);
    }

    // A property that only ever sees ImplicitDeny proves little (STYLE.md): hold the generator to its mix.
    private void AssertUsefulMix(Dictionary<string, int> mix)
    {
        double total = mix.Values.Sum();
        string text = string.Join(", ", mix.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value / total:P1}"));
        output.WriteLine($"decision mix over {total} cases: {text}");
        Assert.True(mix.GetValueOrDefault("Allow") / total >= 0.25, $"too few Allow: {text}");
        Assert.True(mix.GetValueOrDefault("ExplicitDeny") / total >= 0.15, $"too few ExplicitDeny: {text}");
    }
}
