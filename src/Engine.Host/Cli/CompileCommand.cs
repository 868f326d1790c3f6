using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Engine.Catalog;
using Engine.Compiler;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Cli;

/// <summary><c>engine compile PATH...</c>: compiles every policy file given, each as its own set, and reports compile times.</summary>
internal static class CompileCommand
{
    public const string Usage = """
        usage: engine compile PATH... | --managed [--kind identity|resource|boundary|session|scp|rcp]
                                      [--engine compiled-matcher|compiled|compiled-interpreted] [--json]

        Parses and compiles every policy file given (directories are searched for *.json), each as
        its own policy set, and prints the count, the total and the slowest compile time, and the
        memory the compiled sets hold. Parsing is timed apart from compiling. A file that does not
        parse or compile is reported and makes the exit code 1.

        The default engine, compiled-matcher, builds the first tier: what a server has built when a
        set is ready to decide (it then compiles the set to IL in the background). compiled times
        the IL compile of every set; compiled-interpreted the interpreted expression trees.

        Memory: `bytes` is a structural walk of the managed objects each set holds (each object
        counted once; IL and machine code are native and not in it); `retainedBytes` is the GC's
        count of the heap held by all sets after a full collection. Both are compared with the
        size of the policy files (`jsonBytes`) in docs/benchmarks.md.

        options:
          --managed       compile every AWS managed policy embedded in the engine (their JSON as
                          stored there, compact) instead of files
          --kind KIND     the policy type (default identity)
          --engine NAME   compiled-matcher (default), compiled or compiled-interpreted
          --json          one object: {"engine","policies","parseMs","totalMs","cpuMs","maxMs","maxPolicy",
                          "jsonBytes","bytes","retainedBytes","perPolicy":[{"policy","ms","jsonBytes","bytes"}]}

        examples:
          engine compile tests/Examples/identity
          engine compile --managed --json
          engine compile --managed --engine compiled
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        CommandLine line = CommandLine.Parse(args, new HashSet<string> { "--json", "--managed" }, new HashSet<string> { "--kind", "--engine" });
        if (line.ShowHelp(Usage, output))
        {
            return 0;
        }

        bool managed = line.Has("--managed");
        if (line.Positionals.Count == 0 && !managed)
        {
            throw new UsageException("give at least one policy file or directory, or --managed");
        }

        PolicyKind kind = PolicyFiles.ParseKind(line.One("--kind"));
        EngineKind engine = line.One("--engine") is { } name ? EngineOption.Parse(name) : EngineKind.CompiledMatcher;
        if (engine == EngineKind.Reference)
        {
            throw new UsageException("the reference engine compiles nothing; use compiled-matcher, compiled or compiled-interpreted");
        }

        string[] files = [.. line.Positionals.SelectMany(p => Directory.Exists(p)
            ? Directory.EnumerateFiles(p, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : (IEnumerable<string>)[p])];
        IEnumerable<(string Name, Func<byte[]> Read)> inputs = files.Select(f => (f, (Func<byte[]>)(() => File.ReadAllBytes(f))));
        if (managed)
        {
            inputs = inputs.Concat(AwsManagedPolicies.All.Select(p => (p.Name, (Func<byte[]>)(() => Encoding.UTF8.GetBytes(p.Document)))));
        }

        var parsed = new List<(string File, PolicyDocument Document, long JsonBytes)>();
        int failures = 0;
        var parseWatch = Stopwatch.StartNew();
        int inputCount = 0;
        foreach ((string file, Func<byte[]> read) in inputs)
        {
            inputCount++;
            byte[] json = read();
            PolicyParseResult result = PolicyParser.Parse(json, kind);
            if (result.Success)
            {
                parsed.Add((file, result.Document!, json.Length));
            }
            else
            {
                failures++;
                output.WriteLine($"{file}: {result.Errors[0]}");
            }
        }

        parseWatch.Stop();
        var compiled = new List<(string File, CompiledPolicySet Set, double Ms, long JsonBytes)>();
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        TimeSpan cpuBefore = Environment.CpuUsage.TotalTime;
        foreach ((string file, PolicyDocument document, long jsonBytes) in parsed)
        {
            PolicySet set = SetOf(kind, document);
            long start = Stopwatch.GetTimestamp();
            try
            {
                CompiledPolicySet compiledSet = engine == EngineKind.CompiledMatcher
                    ? PolicySetCompiler.CompileMatcher(set)
                    : PolicySetCompiler.Compile(set, preferInterpretation: engine == EngineKind.CompiledInterpreted);
                compiled.Add((file, compiledSet, Stopwatch.GetElapsedTime(start).TotalMilliseconds, jsonBytes));
            }
            catch (PolicyCompileException e)
            {
                failures++;
                output.WriteLine($"{file}: {e.Message}");
            }
        }

        double cpuMs = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds;
        long retainedBytes = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        double totalMs = compiled.Sum(c => c.Ms);
        (string File, CompiledPolicySet Set, double Ms, long JsonBytes) slowest = compiled.Count == 0 ? default : compiled.MaxBy(c => c.Ms);
        long totalJson = compiled.Sum(c => c.JsonBytes);
        long totalBytes = CompiledPolicySet.EstimateBytes(compiled.Select(c => c.Set));
        if (line.Has("--json"))
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["engine"] = EngineName(engine),
                ["policies"] = compiled.Count,
                ["parseMs"] = Math.Round(parseWatch.Elapsed.TotalMilliseconds, 1),
                ["totalMs"] = Math.Round(totalMs, 1),
                ["cpuMs"] = Math.Round(cpuMs, 1),
                ["maxMs"] = Math.Round(slowest.Ms, 2),
                ["maxPolicy"] = slowest.File ?? string.Empty,
                ["jsonBytes"] = totalJson,
                ["bytes"] = totalBytes,
                ["retainedBytes"] = retainedBytes,
                ["perPolicy"] = compiled.Select(c => new Dictionary<string, object>
                {
                    ["policy"] = c.File,
                    ["ms"] = Math.Round(c.Ms, 3),
                    ["jsonBytes"] = c.JsonBytes,
                    ["bytes"] = c.Set.EstimatedBytes,
                }).ToArray(),
            }));
        }
        else
        {
            output.WriteLine($"engine:            {EngineName(engine)}");
            output.WriteLine($"policies compiled: {compiled.Count} (of {inputCount})");
            output.WriteLine($"parse time:        {parseWatch.Elapsed.TotalMilliseconds:F1} ms");
            output.WriteLine($"compile time:      {totalMs:F1} ms total ({cpuMs:F0} ms CPU), {(compiled.Count == 0 ? 0 : totalMs / compiled.Count):F3} ms mean");
            output.WriteLine($"slowest:           {slowest.Ms:F2} ms ({slowest.File})");
            output.WriteLine($"memory:            {totalBytes:N0} bytes ({Ratio(totalBytes, totalJson)} the {totalJson:N0} bytes of JSON), GC count {retainedBytes:N0} bytes ({Ratio(retainedBytes, totalJson)})");
        }

        GC.KeepAlive(compiled);
        return failures == 0 ? 0 : 1;
    }

    private static string Ratio(long bytes, long json) => json == 0 ? "-" : $"{(double)bytes / json:F1}×";

    private static string EngineName(EngineKind engine) => engine switch
    {
        EngineKind.CompiledInterpreted => "compiled-interpreted",
        EngineKind.CompiledMatcher => "compiled-matcher",
        _ => "compiled",
    };

    private static PolicySet SetOf(PolicyKind kind, PolicyDocument document) => kind switch
    {
        PolicyKind.Resource => new PolicySet([], document, [], [], null, null),
        PolicyKind.PermissionsBoundary => new PolicySet([], null, [document], [], null, null),
        PolicyKind.Session => new PolicySet([], null, [], [document], null, null),
        PolicyKind.Scp => new PolicySet([], null, [], [], [[document]], null),
        PolicyKind.Rcp => new PolicySet([], null, [], [], null, [[document]]),
        PolicyKind.VpcEndpoint => new PolicySet([], null, [], [], null, null, document),
        _ => PolicySet.FromIdentity(document),
    };
}
