using System.Security.Cryptography;
using System.Text;
using Engine.Runtime.Evaluation;
using Engine.Testing.Generators;

namespace Engine.Testing.Properties;

/// <summary>
/// Remembers the last scenario a property rejected. FsCheck evaluates shrink candidates in turn
/// and moves to each one that still fails, so when the run ends the last rejected scenario is the
/// fully shrunk counterexample; <see cref="WriteCase"/> turns it into <c>tests/Cases/property-*.json</c>.
/// </summary>
public sealed class FailingCaseRecorder
{
    private DecisionScenario? _last;
    private Decision _expect;
    private string _why = string.Empty;

    /// <summary>Records a rejected scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="expect">The reference engine's decision: the case's expectation.</param>
    /// <param name="why">What disagreed.</param>
    public void Reject(DecisionScenario scenario, Decision expect, string why)
    {
        _last = scenario;
        _expect = expect;
        _why = why;
    }

    /// <summary>Writes the last rejected scenario as a case file; returns a line naming it.</summary>
    /// <param name="property">The property's name.</param>
    /// <param name="report">FsCheck's report (it names the replay seed).</param>
    public string WriteCase(string property, string report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (_last is null)
        {
            return "no scenario was recorded";
        }

        string seed = report[(report.LastIndexOf('(') + 1)..].TrimEnd(')');
        string body = CaseFileWriter.Write("pending", null, _last, _expect);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..12];
        string name = $"property-{hash}";
        string description = $"shrunk counterexample of the property `{property}` ({seed}): {_why}";
        string text = CaseFileWriter.Write($"property/{hash}", description, _last, _expect);
        Directory.CreateDirectory(CaseCorpus.ProjectCasesDirectory);
        string path = Path.Combine(CaseCorpus.ProjectCasesDirectory, name + ".json");
        File.WriteAllText(path, text + "\n");
        return $"the shrunk counterexample was written to {path}:\n{text}";
    }
}
