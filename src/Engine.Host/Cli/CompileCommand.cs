using System.Diagnostics;
using System.Text.Json;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Cli;

/// <summary><c>engine compile PATH...</c>: compiles every policy file given, each as its own set, and reports compile times.</summary>
internal static class CompileCommand
{
    public const string Usage = """
        usage: engine compile PATH... [--kind identity|resource|boundary|session|scp|rcp] [--json]

        Parses and compiles every policy file given (directories are searched for *.json), each as
        its own policy set, and prints the count, the total and the slowest compile time. Parsing is
        timed apart from compiling. A file that does not parse or compile is reported and makes the
        exit code 1.

        options:
          --kind KIND   the policy type (default identity)
          --json        one object: {"policies","totalMs","maxMs","maxPolicy"}

        examples:
          engine compile tests/Examples/identity
          engine compile examples/policies --json
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        CommandLine line = CommandLine.Parse(args, new HashSet<string> { "--json" }, new HashSet<string> { "--kind" });
        if (line.ShowHelp(Usage, output))
        {
            return 0;
        }

        if (line.Positionals.Count == 0)
        {
            throw new UsageException("give at least one policy file or directory");
        }

        PolicyKind kind = PolicyFiles.ParseKind(line.One("--kind"));
        string[] files = [.. line.Positionals.SelectMany(p => Directory.Exists(p)
            ? Directory.EnumerateFiles(p, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : (IEnumerable<string>)[p])];

        var parsed = new List<(string File, PolicyDocument Document)>();
        int failures = 0;
        var parseWatch = Stopwatch.StartNew();
        foreach (string file in files)
        {
            PolicyParseResult result = PolicyParser.Parse(File.ReadAllBytes(file), kind);
            if (result.Success)
            {
                parsed.Add((file, result.Document!));
            }
            else
            {
                failures++;
                output.WriteLine($"{file}: {result.Errors[0]}");
            }
        }

        parseWatch.Stop();
        double totalMs = 0, maxMs = 0;
        string maxPolicy = string.Empty;
        foreach ((string file, PolicyDocument document) in parsed)
        {
            PolicySet set = kind switch
            {
                PolicyKind.Resource => new PolicySet([], document, [], [], null, null),
                PolicyKind.PermissionsBoundary => new PolicySet([], null, [document], [], null, null),
                PolicyKind.Session => new PolicySet([], null, [], [document], null, null),
                PolicyKind.Scp => new PolicySet([], null, [], [], [[document]], null),
                PolicyKind.Rcp => new PolicySet([], null, [], [], null, [[document]]),
                PolicyKind.VpcEndpoint => new PolicySet([], null, [], [], null, null, document),
                _ => PolicySet.FromIdentity(document),
            };
            long start = Stopwatch.GetTimestamp();
            try
            {
                _ = PolicySetCompiler.Compile(set);
            }
            catch (PolicyCompileException e)
            {
                failures++;
                output.WriteLine($"{file}: {e.Message}");
                continue;
            }

            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            totalMs += ms;
            if (ms > maxMs)
            {
                maxMs = ms;
                maxPolicy = file;
            }
        }

        if (line.Has("--json"))
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["policies"] = parsed.Count,
                ["totalMs"] = Math.Round(totalMs, 1),
                ["maxMs"] = Math.Round(maxMs, 2),
                ["maxPolicy"] = maxPolicy,
            }));
        }
        else
        {
            output.WriteLine($"policies compiled: {parsed.Count} (of {files.Length} files)");
            output.WriteLine($"parse time:        {parseWatch.Elapsed.TotalMilliseconds:F1} ms");
            output.WriteLine($"compile time:      {totalMs:F1} ms total, {(parsed.Count == 0 ? 0 : totalMs / parsed.Count):F3} ms mean");
            output.WriteLine($"slowest:           {maxMs:F2} ms ({maxPolicy})");
        }

        return failures == 0 ? 0 : 1;
    }
}
