using System.Text;
using Engine.Protocol;
using Engine.Protocol.Client;

namespace Engine.Host.Cli;

/// <summary><c>engine query</c>: asks a running server one question.</summary>
internal static class QueryCommand
{
    public const string Usage = """
        usage: engine query [--connect ADDR] --principal ARN --action SERVICE:ACTION --resource ARN [options]

        Sends one query to a running `engine serve` and prints the decision, the status, the
        deciding statement and the policy revision. Exit code 0 when the status is Ok, else 1.

          --connect ADDR           the server: 127.0.0.1:7070 (default) or unix:/path
          --principal ARN          the caller
          --action A               service:Action
          --resource R             the resource ARN, or *
          --resource-account ID    the account owning the resource (else derived from the ARN)
          --context KEY=VALUE      a context key (repeatable; a repeated key is multivalued)
        """ + "\n" + ClientAuthOptions.Usage + "\n" + """

        examples:
          engine query --principal arn:aws:iam::111122223333:user/alice --action iam:ListMFADevices \
            --resource arn:aws:iam::111122223333:user/alice --context aws:username=alice
          engine query --connect unix:/run/engine.sock --principal arn:aws:iam::111122223333:user/bob \
            --action s3:GetObject --resource arn:aws:s3:::reports/q3.csv --context aws:MultiFactorAuthPresent=true
          engine query --connect engine.internal:7070 --tls-ca ca.pem --tls-cert client.pem --tls-key client-key.pem \
            --auth-token-file token --principal arn:aws:iam::111122223333:user/alice --action iam:ListMFADevices --resource '*'
        """;

    private static readonly HashSet<string> s_options =
        ["--connect", "--principal", "--action", "--resource", "--resource-account", "--context", .. ClientAuthOptions.Names];

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        CommandLine line = CommandLine.Parse(args, new HashSet<string> { ClientAuthOptions.Flag }, s_options);
        if (line.ShowHelp(Usage, output))
        {
            return 0;
        }

        line.RejectPositionals();

        string principal = line.One("--principal") ?? throw new UsageException("--principal is required");
        string action = line.One("--action") ?? throw new UsageException("--action is required");
        string resource = line.One("--resource") ?? throw new UsageException("--resource is required");
        string? resourceAccount = line.One("--resource-account");
        CheckLength("--principal", principal);
        CheckLength("--action", action);
        CheckLength("--resource", resource);
        if (resourceAccount is not null)
        {
            CheckLength("--resource-account", resourceAccount);
        }

        List<QueryContextEntry> context = ParseContext(line.All("--context"));
        (DecisionResult response, string? refused) = ServerConnect.Call(line, async client =>
        {
            try
            {
                return (await client.QueryAsync(principal, action, resource, resourceAccount, context).ConfigureAwait(false), (string?)null);
            }
            // A context the server's typed check refused (docs/server.md, "Context checking"): an answer, not a failure to ask.
            catch (EngineServerException e) when (e.Status == ResponseStatus.Malformed)
            {
                return (default(DecisionResult), e.ServerMessage);
            }
        });
        if (refused is not null)
        {
            output.WriteLine($"decision: {Engine.Runtime.Evaluation.Decision.ImplicitDeny}");
            output.WriteLine($"status: {ResponseStatus.Malformed}");
            output.WriteLine($"error: {refused}");
            return 1;
        }

        output.WriteLine($"decision: {response.Decision}");
        output.WriteLine($"status: {response.Status}");
        output.WriteLine(response.Statement is { } s
            ? $"statement: {s.Kind}[{s.PolicyIndex}]{(s.Level > 0 ? $" level {s.Level}" : "")}.Statement[{s.StatementIndex}]{(response.Sid.Length > 0 ? $" (Sid \"{response.Sid}\")" : "")}"
            : "statement: none");
        output.WriteLine($"revision: {response.Revision}");
        return response.Status == ResponseStatus.Ok ? 0 : 1;
    }

    // The wire carries each string as u16 length + UTF-8 (docs/wire-protocol.md §1): a longer one
    // cannot be sent at all, so it is the caller's mistake (exit 2), found before connecting.
    private static void CheckLength(string option, string value)
    {
        int bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > ProtocolConstants.MaxStringLength)
        {
            throw new UsageException($"{option} is {bytes} UTF-8 bytes; the protocol carries at most {ProtocolConstants.MaxStringLength} bytes per string");
        }
    }

    private static List<QueryContextEntry> ParseContext(IReadOnlyList<string> pairs)
    {
        var keys = new List<(string Key, List<string> Values)>();
        foreach (string pair in pairs)
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--context takes KEY=VALUE, not `{pair}`");
            }

            string key = pair[..equals];
            CheckLength("--context key", key);
            CheckLength("--context value", pair[(equals + 1)..]);
            int existing = keys.FindIndex(k => k.Key == key);
            if (existing >= 0)
            {
                keys[existing].Values.Add(pair[(equals + 1)..]);
            }
            else
            {
                keys.Add((key, [pair[(equals + 1)..]]));
            }
        }

        return [.. keys.Select(k => QueryContextEntry.Create(k.Key, k.Values, isMultivalued: k.Values.Count > 1))];
    }
}
