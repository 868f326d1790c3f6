using System.Text.Json;
using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Protocol.Client;

namespace Engine.Host.Cli;

/// <summary><c>engine check PATH...</c>: decides decision cases and reports those whose decision differs from <c>expect</c>.</summary>
internal static class CheckCommand
{
    public const string Usage = """
        usage: engine check PATH... [--engine reference|compiled|compiled-interpreted|compiled-matcher] [--json]
                                    [--bundle PATH]... [--key-policies DIR] [--derive-context]
                                    [--connect ADDR]

        Reads decision cases (case-format.md): .json files holding one case, one suite or an array
        of cases and suites, .jsonl files with one case or suite per line, or directories (searched
        recursively). A suite is one policy set and many questions: {"name","policies","cases"};
        its cases are named suite/name (or suite/index). Decides each case,
        prints one line per case whose decision differs from `expect`, and ends with the line
        `N passed, N failed`. A file or case that does not load counts as failed. Exit code 0
        only when every case passed.

        options:
          --engine NAME   reference, compiled (default), compiled-interpreted or compiled-matcher
          --json          one JSON object per case: {"name","expect","actual","statements"}
                          (and "error" when the case did not load or the request was malformed)
          --bundle PATH   decide cases that carry no `policies` against this bundle's principals
                          (a bundle directory, or AWS account authorization-details files)
          --key-policies DIR  with --bundle: customer managed KMS key policies, DIR/NAME.json
                          for the key whose id (or ARN, `/` written %2F) is NAME
          --derive-context  with --bundle: fill aws:username, aws:PrincipalArn, … from the
                          bundle's principal when the case's context lacks them
          --connect ADDR  send cases that carry no `policies` to a running `engine serve`
                          (HOST:PORT or unix:PATH) and check its answers
          --tls, --tls-ca, --tls-cert, --tls-key, --tls-server-name, --auth-token-file
                          with --connect: TLS and the token, as for `engine query --help`

        examples:
          engine check tests/Vectors
          engine check tests/Workloads/overlap-10x50.json
          engine check tests/Cases --engine reference
          engine check cases.jsonl --json
          engine check account-cases.json --bundle account.json --derive-context
          engine check my-cases/ --connect 127.0.0.1:7070
          engine check my-cases/ --connect engine.internal:7070 --tls-ca ca.pem --auth-token-file token
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        CommandLine line = CommandLine.Parse(args, new HashSet<string> { "--json", "--derive-context", ClientAuthOptions.Flag }, new HashSet<string>(ClientAuthOptions.Names) { "--engine", "--bundle", "--key-policies", "--connect" });
        if (line.ShowHelp(Usage, output))
        {
            return 0;
        }

        if (line.Positionals.Count == 0)
        {
            throw new UsageException("give at least one case file or directory");
        }

        EngineKind engine = EngineOption.Parse(line.One("--engine"));
        bool json = line.Has("--json");
        CaseFileSet set = CaseFileSet.Load(line.Positionals);
        var decider = new DecisionEngine(engine);
        if (line.One("--key-policies") is not null && line.All("--bundle").Count == 0)
        {
            throw new UsageException("--key-policies adds key policies to a bundle; give --bundle too");
        }

        BundleDecider? bundle = line.All("--bundle").Count > 0 ? new BundleDecider(BundleOption.Load(line), engine, line.Has("--derive-context")) : null;
        if (bundle is not null && line.One("--connect") is not null)
        {
            throw new UsageException("give --bundle or --connect, not both");
        }

        EngineClient? client = line.One("--connect") is { } address ? ServerConnect.Connect(line, address) : null;
        try
        {
            return Check(set, decider, bundle, client is null ? null : new RemoteDecider(client), json, output);
        }
        finally
        {
            client?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static int Check(CaseFileSet set, DecisionEngine decider, BundleDecider? bundle, RemoteDecider? remote, bool json, TextWriter output)
    {

        int passed = 0, failed = 0;
        foreach (CaseLoadError error in set.Errors)
        {
            failed++;
            if (json)
            {
                WriteJson(output, error.Source, null, null, [], error.Message);
            }
            else
            {
                output.WriteLine($"ERROR {error}");
            }
        }

        foreach (DecisionCase decisionCase in set.Cases)
        {
            if (decisionCase.Policies is null && bundle is null && remote is null)
            {
                failed++;
                const string NoPolicies = "the case carries no `policies` (decide it against a bundle with --bundle, or a server with --connect)";
                if (json)
                {
                    WriteJson(output, decisionCase.Name, decisionCase.Expect?.ToString(), null, [], NoPolicies);
                }
                else
                {
                    output.WriteLine($"ERROR {decisionCase.Name}: {NoPolicies}");
                }

                continue;
            }

            EngineAnswer answer = decisionCase.Policies is not null ? decider.Decide(decisionCase.Policies, decisionCase.Query)
                : remote is not null ? remote.Decide(decisionCase.Query)
                : bundle!.Decide(decisionCase.Query);
            bool ok = decisionCase.Expect is null || decisionCase.Expect == answer.Decision;
            if (ok)
            {
                passed++;
            }
            else
            {
                failed++;
            }

            string[] statements = answer.Deciding is not null ? [answer.Deciding.ToString()]
                : answer.RemoteStatement is not null ? [answer.RemoteStatement]
                : [];
            if (json)
            {
                WriteJson(output, decisionCase.Name, decisionCase.Expect?.ToString(), answer.Decision.ToString(), statements, answer.Error);
            }
            else if (!ok)
            {
                string deciding = statements.Length == 0 ? "no deciding statement" : $"decided by {statements[0]}";
                string error = answer.Error is null ? string.Empty : $"; request error: {answer.Error}";
                output.WriteLine($"FAIL {decisionCase.Name}: expected {decisionCase.Expect}, got {answer.Decision} ({deciding}{error})");
            }
        }

        output.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    private static void WriteJson(TextWriter output, string name, string? expect, string? actual, string[] statements, string? error)
    {
        var record = new Dictionary<string, object?>
        {
            ["name"] = name,
            ["expect"] = expect,
            ["actual"] = actual,
            ["statements"] = statements,
        };
        if (error is not null)
        {
            record["error"] = error;
        }

        output.WriteLine(JsonSerializer.Serialize(record));
    }
}
