using Engine.Compiler.Diagnostics;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Cli;

/// <summary><c>engine validate FILE...</c>: prints every error of each policy document with its location.</summary>
internal static class ValidateCommand
{
    public const string Usage = """
        usage: engine validate FILE|DIR... [--kind identity|resource|trust|key|vpc-endpoint|boundary|session|scp|rcp]

        Parses and validates IAM policy documents and prints every error with its JSON path and
        line:column. Directories are searched recursively for *.json. Exit code 1 if any document
        has an error.

        options:
          --kind KIND   the policy type whose rules apply (default identity): resource policies
                        must name a Principal, RCPs must deny, and so on; trust (a role's
                        trust policy) and key (a KMS key policy) follow the rules of resource
                        policies; vpc-endpoint needs Principal and Resource in every statement

        examples:
          engine validate examples/policies/mfa-self-service.json
          engine validate tests/Examples/scp --kind scp
          engine validate bucket-policy.json --kind resource
          engine validate endpoint-policy.json --kind vpc-endpoint
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        CommandLine line = CommandLine.Parse(args, new HashSet<string>(), new HashSet<string> { "--kind" });
        if (line.ShowHelp(Usage, output))
        {
            return 0;
        }

        if (line.Positionals.Count == 0)
        {
            throw new UsageException("give at least one policy file or directory");
        }

        PolicyKind kind = PolicyFiles.ParseKind(line.One("--kind"));
        int documents = 0, invalid = 0;
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
                    output.WriteLine($"{file}: no such file");
                    continue;
                }

                PolicyError[] errors = [.. PolicyFiles.Errors(file, kind)];
                if (errors.Length > 0)
                {
                    invalid++;
                    foreach (PolicyError error in errors)
                    {
                        output.WriteLine($"{file}: {error}");
                    }
                }
            }
        }

        output.WriteLine($"{documents - invalid} valid, {invalid} invalid");
        return invalid == 0 ? 0 : 1;
    }
}
