using System.Text;
using Engine.Lint;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Cli;

/// <summary>
/// <c>engine validate FILE...</c>: every error of each policy document, then the Access-Analyzer-style checks of
/// Engine.Lint (docs/cli.md), as text, JSON or SARIF.
/// </summary>
internal static class ValidateCommand
{
    public const string Usage = """
        usage: engine validate FILE|DIR... [--kind KIND] [--format text|json|sarif] [--fail-on TYPE]
                               [--config FILE] [--ignore CODE]... [--ignore-file GLOB]...
                               [--ignore-action GLOB]... [--ignore-resource GLOB]...

        Parses and validates IAM policy documents, then checks them as IAM Access Analyzer's
        ValidatePolicy does (same issue codes and finding types: ERROR, SECURITY_WARNING, WARNING,
        SUGGESTION). Directories are searched recursively for *.json. Findings never change a
        decision. Exit code 1 if a finding is at or above --fail-on (default error).

        options:
          --kind KIND            identity (default), resource, trust (a role's trust policy), key
                                 (a KMS key policy), vpc-endpoint, boundary, session, scp or rcp:
                                 the policy type whose rules apply (resource policies must name a
                                 Principal, RCPs must deny, an endpoint policy needs Principal and
                                 Resource in every statement, ...)
          --format FORMAT        text (default: file:line:column: TYPE CODE: message), json (Access
                                 Analyzer's finding shape) or sarif (SARIF 2.1.0 for code scanning)
          --fail-on TYPE         error, security-warning, warning or suggestion
          --config FILE          JSON: {"failOn": "warning", "ignore": ["CODE", {"code": "...",
                                 "file": "...", "action": "...", "resource": "..."}]}
          --ignore CODE          suppress an issue code (repeatable)
          --ignore-file GLOB     suppress every finding of matching files
          --ignore-action GLOB   suppress findings about matching action entries
          --ignore-resource GLOB suppress findings about matching resource entries

        examples:
          engine validate examples/policies/mfa-self-service.json
          engine validate tests/Examples/scp --kind scp
          engine validate policies/ --format sarif > engine.sarif
          engine validate bucket-policy.json --kind resource --fail-on warning --ignore REDUNDANT_ACTION
          engine validate endpoint-policy.json --kind vpc-endpoint
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        CommandLine line = CommandLine.Parse(args, new HashSet<string>(), new HashSet<string>
        {
            "--kind", "--format", "--fail-on", "--config", "--ignore", "--ignore-file", "--ignore-action", "--ignore-resource",
        });
        if (line.ShowHelp(Usage, output))
        {
            return 0;
        }

        if (line.Positionals.Count == 0)
        {
            throw new UsageException("give at least one policy file or directory");
        }

        PolicyKind kind = PolicyFiles.ParseKind(line.One("--kind"));
        string format = line.One("--format") ?? "text";
        if (format is not ("text" or "json" or "sarif"))
        {
            throw new UsageException($"unknown format `{format}`; use text, json or sarif");
        }

        (LintSuppressions suppressions, FindingType failOn) = Settings(line);
        int documents = 0, invalid = 0;
        bool failed = false;
        var all = new List<(string File, PolicyFinding Finding)>();
        foreach (string path in line.Positionals)
        {
            IEnumerable<string> files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                : [path];
            foreach (string file in files)
            {
                documents++;
                if (!File.Exists(file))
                {
                    invalid++;
                    failed = true;
                    output.WriteLine($"{file}: no such file");
                    continue;
                }

                LintResult result = PolicyLinter.Lint(File.ReadAllBytes(file), kind);
                invalid += result.Parsed ? 0 : 1;
                foreach (PolicyFinding finding in result.Findings)
                {
                    if (!suppressions.IsSuppressed(finding, file))
                    {
                        all.Add((file, finding));
                        failed |= finding.Type <= failOn;
                    }
                }
            }
        }

        Write(output, format, all);
        if (format == "text")
        {
            int Count(FindingType type) => all.Count(f => f.Finding.Type == type);
            output.WriteLine($"{documents - invalid} valid, {invalid} invalid; {Count(FindingType.Error)} errors, "
                + $"{Count(FindingType.SecurityWarning)} security warnings, {Count(FindingType.Warning)} warnings, {Count(FindingType.Suggestion)} suggestions");
        }

        return failed ? 1 : 0;
    }

    /// <summary>Writes the findings in the chosen format.</summary>
    public static void Write(TextWriter output, string format, List<(string File, PolicyFinding Finding)> findings)
    {
        if (format == "text")
        {
            foreach (IGrouping<string, (string File, PolicyFinding Finding)> file in findings.GroupBy(f => f.File))
            {
                FindingWriter.WriteText(output, file.Key, file.Select(f => f.Finding));
            }

            return;
        }

        using var buffer = new MemoryStream();
        if (format == "json")
        {
            FindingWriter.WriteJson(buffer, findings);
        }
        else
        {
            string version = typeof(ValidateCommand).Assembly.GetName().Version?.ToString() ?? "0.0.0";
            FindingWriter.WriteSarif(buffer, findings, version);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static (LintSuppressions, FindingType) Settings(CommandLine line)
    {
        LintSuppressions suppressions = new();
        FindingType failOn = FindingType.Error;
        if (line.One("--config") is { } config)
        {
            string text;
            try
            {
                text = File.ReadAllText(config);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read `{config}`: {e.Message}");
            }

            try
            {
                suppressions = LintSuppressions.ReadConfig(text, out FindingType? configured);
                failOn = configured ?? failOn;
            }
            catch (FormatException e)
            {
                throw new UsageException($"{e.Message} in `{config}`");
            }
        }

        if (line.One("--fail-on") is { } fail)
        {
            failOn = IssueCodes.TryParseType(fail, out FindingType type)
                ? type
                : throw new UsageException($"unknown finding type `{fail}`; use error, security-warning, warning or suggestion");
        }

        foreach (string code in line.All("--ignore"))
        {
            suppressions.Add(new LintSuppressions.Rule(Code: code));
        }

        foreach (string file in line.All("--ignore-file"))
        {
            suppressions.Add(new LintSuppressions.Rule(File: file));
        }

        foreach (string action in line.All("--ignore-action"))
        {
            suppressions.Add(new LintSuppressions.Rule(Action: action));
        }

        foreach (string resource in line.All("--ignore-resource"))
        {
            suppressions.Add(new LintSuppressions.Rule(Resource: resource));
        }

        return (suppressions, failOn);
    }
}
