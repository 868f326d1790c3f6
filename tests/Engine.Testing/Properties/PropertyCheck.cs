using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace Engine.Testing.Properties;

/// <summary>
/// Runs an FsCheck property with a replayable seed and a case count that an environment variable
/// can raise, and prints FsCheck's report (with the <c>Classify</c> table) to the test output.
/// </summary>
public static class PropertyCheck
{
    /// <summary>Raises the number of generated cases, e.g. <c>ENGINE_PROPERTY_CASES=1000000</c> for a long run.</summary>
    public const string CasesVariable = "ENGINE_PROPERTY_CASES";

    /// <summary>Replays a run: the seed printed by a failing run.</summary>
    public const string SeedVariable = "ENGINE_PROPERTY_SEED";

    /// <summary>The case count: the environment's when set, else <paramref name="defaultCases"/>.</summary>
    /// <param name="defaultCases">The count for an ordinary <c>dotnet test</c>.</param>
    public static int Cases(int defaultCases) =>
        int.TryParse(Environment.GetEnvironmentVariable(CasesVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : defaultCases;

    /// <summary>The seed: the environment's when set, else a fresh one (printed, so any failure can be replayed).</summary>
    public static ulong Seed() =>
        ulong.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)
            ? seed
            : (ulong)Random.Shared.NextInt64(1, long.MaxValue);

    /// <summary>Checks <paramref name="property"/>; returns FsCheck's report, or throws with it on failure.</summary>
    /// <param name="name">The property's name.</param>
    /// <param name="property">The property.</param>
    /// <param name="cases">How many cases to generate.</param>
    /// <param name="seed">The replay seed.</param>
    /// <param name="output">Receives the report.</param>
    /// <param name="onFailure">Called with the report when the property fails; its text is added to the exception (e.g. the case file written).</param>
    public static string Run(string name, Property property, int cases, ulong seed, ITestOutputHelper output, Func<string, string>? onFailure = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        var runner = new CapturingRunner();
        Config config = Config.Quick
            .WithName(name)
            .WithMaxTest(cases)
            .WithEndSize(100)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)))
            .WithRunner(runner);
        Check.One(config, property);
        string report = $"{runner.Report} (replay with {SeedVariable}={seed})";
        output.WriteLine(report);
        if (runner.Failed)
        {
            string extra = onFailure?.Invoke(report) ?? string.Empty;
            throw new PropertyFailedException($"{report}\n{extra}");
        }

        return report;
    }

    private sealed class CapturingRunner : IRunner
    {
        public string Report { get; private set; } = "the property did not finish";

        public bool Failed { get; private set; }

        public void OnStartFixture(Type t)
        {
        }

        public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every)
        {
        }

        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink)
        {
        }

        public void OnFinished(string name, TestResult testResult)
        {
            Failed = !testResult.IsPassed;
            Report = Runner.onFinishedToString(name, testResult);
        }
    }
}

/// <summary>A property was falsified; the message carries FsCheck's report and the replay seed.</summary>
public sealed class PropertyFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PropertyFailedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The report.</param>
    public PropertyFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The report.</param>
    /// <param name="inner">The cause.</param>
    public PropertyFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
