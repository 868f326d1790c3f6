using System.Diagnostics;
using System.Text.Json;
using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Cli;

/// <summary>
/// <c>engine bench PATH...</c>: like <c>opa bench</c> — compiles each distinct policy set of the cases
/// once, then decides the cases round-robin on one thread for a fixed time, as an embedder does.
/// </summary>
internal static class BenchCommand
{
    public const string Usage = """
        usage: engine bench PATH... [--engine reference|compiled|compiled-interpreted|compiled-matcher] [--seconds S] [--warmup S] [--json]

        Compiles each distinct policy set of the decision cases once (a suite's set once for all of
        its cases), then decides the cases round-robin on one thread: first for the warm-up, which
        is not measured (.NET compiles the hot code again, optimised with what it saw, in its
        first second or two), then for S seconds. Each iteration fills a pooled request from the
        case's strings and evaluates it, as an embedding service does per call. Prints decisions/s,
        mean ns per decision, bytes allocated per decision and compile time. Every case's answer is
        checked against `expect` first; a mismatch makes the exit code 1.

        options:
          --engine NAME   reference, compiled (default), compiled-interpreted or compiled-matcher
                          (the first tier of a tiered set: classified checks, no IL)
          --seconds S     how long to measure (default 3)
          --warmup S      how long to decide before measuring (default 1; 0 measures the cold start
                          too). Pinned to one core (taskset -c 0), give it several seconds: the
                          JIT's background thread then shares that core with the benchmark
          --json          one object: {"engine","cases","decisions","seconds","warmupSeconds","nsPerDecision","bytesPerDecision","compileMs"}

        examples:
          engine bench tests/Vectors/mfa-self-service.json
          engine bench tests/Workloads/overlap-10x50.json --seconds 5
          engine bench tests/Vectors --engine reference --seconds 5 --json
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        CommandLine line = CommandLine.Parse(args, new HashSet<string> { "--json" }, new HashSet<string> { "--engine", "--seconds", "--warmup" });
        if (line.ShowHelp(Usage, output))
        {
            return 0;
        }

        if (line.Positionals.Count == 0)
        {
            throw new UsageException("give at least one case file or directory");
        }

        EngineKind engine = EngineOption.Parse(line.One("--engine"));
        double seconds = line.Double("--seconds", 3, 0.1, 3600);
        double warmup = line.Double("--warmup", 1, 0, 3600);
        CaseFileSet set = CaseFileSet.Load(line.Positionals);
        if (set.Errors.Length > 0)
        {
            throw new UsageException(string.Join(Environment.NewLine, set.Errors));
        }

        DecisionCase[] cases = [.. set.Cases.Where(c => c.Policies is not null)];
        if (cases.Length == 0)
        {
            throw new UsageException("no case with policies to bench");
        }

        // Compile every distinct set once: cases whose policies are equal in content share one set
        // (the model's JSON form is the content key; records with arrays compare by reference). The
        // cases of a suite hold one PolicySet object, found by reference before any serialising.
        var distinct = new Dictionary<string, CompiledPolicySet>(StringComparer.Ordinal);
        var byReference = new Dictionary<PolicySet, CompiledPolicySet>(ReferenceEqualityComparer.Instance);
        var compileWatch = new Stopwatch();
        CompiledPolicySet[] compiled = [.. cases.Select(c =>
        {
            if (byReference.TryGetValue(c.Policies!, out CompiledPolicySet? set))
            {
                return set;
            }

            string key = JsonSerializer.Serialize(c.Policies);
            if (!distinct.TryGetValue(key, out set))
            {
                compileWatch.Start();
                distinct[key] = set = engine == EngineKind.CompiledMatcher
                    ? PolicySetCompiler.CompileMatcher(c.Policies!)
                    : PolicySetCompiler.Compile(c.Policies!, preferInterpretation: engine == EngineKind.CompiledInterpreted);
                compileWatch.Stop();
            }

            byReference[c.Policies!] = set;
            return set;
        })];

        int mismatches = CountMismatches(cases, new DecisionEngine(engine), output);
        var measured = TimeSpan.FromSeconds(seconds);
        var warm = TimeSpan.FromSeconds(warmup);
        Measurement m = engine == EngineKind.Reference ? MeasureReference(cases, warm, measured) : MeasureCompiled(cases, compiled, warm, measured);

        double nsPerDecision = m.Elapsed.TotalNanoseconds / m.Decisions;
        double bytesPerDecision = (double)m.Bytes / m.Decisions;
        if (line.Has("--json"))
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["engine"] = engine.ToString().ToLowerInvariant(),
                ["cases"] = cases.Length,
                ["decisions"] = m.Decisions,
                ["seconds"] = Math.Round(m.Elapsed.TotalSeconds, 3),
                ["warmupSeconds"] = Math.Round(m.WarmupElapsed.TotalSeconds, 3),
                ["nsPerDecision"] = Math.Round(nsPerDecision, 1),
                ["bytesPerDecision"] = Math.Round(bytesPerDecision, 2),
                ["compileMs"] = Math.Round(compileWatch.Elapsed.TotalMilliseconds, 1),
            }));
        }
        else
        {
            output.WriteLine($"engine:              {engine.ToString().ToLowerInvariant()}");
            output.WriteLine($"cases:               {cases.Length} ({compiled.Distinct().Count()} distinct policy sets)");
            output.WriteLine($"decisions:           {m.Decisions:N0} in {m.Elapsed.TotalSeconds:F2} s (after {m.WarmupElapsed.TotalSeconds:F2} s of warm-up)");
            output.WriteLine($"decisions/s:         {m.Decisions / m.Elapsed.TotalSeconds:N0}");
            output.WriteLine($"mean per decision:   {nsPerDecision:F1} ns");
            output.WriteLine($"allocated/decision:  {bytesPerDecision:F2} B");
            output.WriteLine($"compile (all sets):  {compileWatch.Elapsed.TotalMilliseconds:F1} ms");
            output.WriteLine($"mismatches:          {mismatches}");
        }

        return mismatches == 0 ? 0 : 1;
    }

    // WarmupElapsed: how long the unmeasured warm-up before it ran (reported, so it can be checked).
    private readonly record struct Measurement(long Decisions, TimeSpan Elapsed, long Bytes, TimeSpan WarmupElapsed = default);

    private static int CountMismatches(DecisionCase[] cases, DecisionEngine engine, TextWriter output)
    {
        int mismatches = 0;
        foreach (DecisionCase c in cases)
        {
            EngineAnswer answer = engine.Decide(c.Policies!, c.Query);
            if (c.Expect is { } expect && expect != answer.Decision)
            {
                mismatches++;
                output.WriteLine($"MISMATCH {c.Name}: expected {expect}, got {answer.Decision}");
            }
        }

        return mismatches;
    }

    // Measured in batches between clock reads, after the warm-up. The warm-up was a tenth of the
    // measured time (0.3 s by default) until 2026-12-07: on the seed, `--seconds 5` pinned to one
    // core then read 264 ns per decision and `--seconds 14` 140 ns, the measured window still
    // running code that .NET's tiered JIT had not yet recompiled with its profile (pinned, after a
    // 1 s warm-up 807 ns, after 4 s 95; unpinned, the JIT on the other core, 94 after 1 s).
    private static Measurement MeasureCompiled(DecisionCase[] cases, CompiledPolicySet[] compiled, TimeSpan warmup, TimeSpan measured)
    {
        AuthorizationQuery[] queries = [.. cases.Select(c => c.Query)];
        TimeSpan warmedUp = RunFor(warmup).Elapsed;
        return RunFor(measured) with { WarmupElapsed = warmedUp };

        Measurement RunFor(TimeSpan duration)
        {
            long decisions = 0;
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            int next = 0;
            while (watch.Elapsed < duration)
            {
                for (int i = 0; i < 1024; i++)
                {
                    AuthorizationRequest request = AuthorizationRequestPool.Rent();
                    QueryRequests.Fill(request, queries[next]);
                    _ = compiled[next].Evaluate(request);
                    AuthorizationRequestPool.Return(request);
                    next = next + 1 == queries.Length ? 0 : next + 1;
                }

                decisions += 1024;
            }

            watch.Stop();
            return new Measurement(decisions, watch.Elapsed, GC.GetAllocatedBytesForCurrentThread() - bytes);
        }
    }

    private static Measurement MeasureReference(DecisionCase[] cases, TimeSpan warmup, TimeSpan measured)
    {
        TimeSpan warmedUp = RunFor(warmup).Elapsed;
        return RunFor(measured) with { WarmupElapsed = warmedUp };

        Measurement RunFor(TimeSpan duration)
        {
            long decisions = 0;
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            int next = 0;
            while (watch.Elapsed < duration)
            {
                for (int i = 0; i < 16; i++)
                {
                    _ = ReferenceEvaluator.Evaluate(cases[next].Policies!, cases[next].Query);
                    next = next + 1 == cases.Length ? 0 : next + 1;
                }

                decisions += 16;
            }

            watch.Stop();
            return new Measurement(decisions, watch.Elapsed, GC.GetAllocatedBytesForCurrentThread() - bytes);
        }
    }
}
