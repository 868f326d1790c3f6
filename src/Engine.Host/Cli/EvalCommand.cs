using System.Collections.Immutable;
using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;
using Engine.Host.Explain;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Cli;

/// <summary><c>engine eval</c>: answers one question from flags (or a case file) and explains the answer.</summary>
internal static class EvalCommand
{
    public const string Usage = """
        usage: engine eval --principal ARN --action SERVICE:ACTION --resource ARN [policies] [options]
               engine eval --principal ARN --action A --resource R --bundle PATH [--key-policies DIR]
                           [--derive-context]
               engine eval --case FILE [--name NAME]

        Answers one authorization question and explains it: the decision, the statement of which
        policy decided, and for a deny why each statement did or did not apply.

        policies (each FILE is one IAM policy document):
          --policy FILE            an identity policy of the principal (repeatable)
          --resource-policy FILE   the resource-based policy of the resource
          --boundary FILE          the principal's permissions boundary
          --session-policy FILE    the session policy
          --scp FILE               one SCP level, root first (repeatable: one per level)
          --rcp FILE               one RCP level, root first (repeatable: one per level)
          --vpc-endpoint-policy FILE
                                   the policy of the VPC endpoint the request passes through; it
                                   must also allow (iam-semantics-amendments.md §15.6)
          --bundle PATH            instead of the flags above: the principal's policies come from a
                                   bundle directory or AWS account files (docs/accounts.md); a
                                   --context aws:SourceVpce=ID picks the policy the bundle names
                                   for that endpoint under vpcEndpoints (docs/bundles.md)
          --key-policies DIR       with --bundle: customer managed KMS key policies, DIR/NAME.json
                                   for the key whose id (or ARN, `/` written %2F) is NAME
          --derive-context         with --bundle: fill aws:username, aws:PrincipalArn, … from the
                                   bundle's principal when --context lacks them

        request:
          --principal ARN          the caller (user, role, session, root, service principal…)
          --action A               service:Action
          --resource R             the resource ARN, or * for actions without resources
          --resource-account ID    the account owning the resource (else read from the ARN)
          --context KEY=VALUE      a context key (repeatable; a repeated key is multivalued)
          --case FILE              take policies and request from a decision-case file: its first
                                   case, or the one --name picks
          --name NAME              with --case: the name of the case; a case of a suite is named
                                   suite/name or suite/index (its own name or index alone also
                                   works when no other case of the file has it)

        options:
          --engine NAME            reference, compiled (default), compiled-interpreted or compiled-matcher
          --verbose                trace every statement, also for an Allow

        example:
          engine eval --policy examples/policies/mfa-self-service.json \
            --principal arn:aws:iam::111122223333:user/alice --action iam:DeactivateMFADevice \
            --resource arn:aws:iam::111122223333:user/alice \
            --context aws:username=alice --context aws:MultiFactorAuthPresent=false
          engine eval --case tests/Workloads/overlap-10x50.json --name overlap-10x50/7
          engine eval --policy s3-read.json --vpc-endpoint-policy endpoint.json \
            --principal arn:aws:iam::111122223333:user/alice --action s3:GetObject \
            --resource arn:aws:s3:::amzn-s3-demo-bucket/a.txt
        """;

    private static readonly HashSet<string> s_options =
    [
        "--policy", "--resource-policy", "--boundary", "--session-policy", "--scp", "--rcp", "--vpc-endpoint-policy",
        "--principal", "--action", "--resource", "--resource-account", "--context", "--case", "--name", "--engine", "--bundle", "--key-policies",
    ];

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        CommandLine line = CommandLine.Parse(args, new HashSet<string> { "--verbose", "--derive-context" }, s_options);
        if (line.ShowHelp(Usage, output))
        {
            return 0;
        }

        line.RejectPositionals();

        EngineKind engine = EngineOption.Parse(line.One("--engine"));
        PolicySet policies;
        AuthorizationQuery query;
        EngineAnswer answer;
        string? endpointNote = null;
        Func<PolicyDocument, (string Name, ReadOnlyMemory<byte> Text)?> sources = _ => null;
        if (line.All("--bundle").Count > 0)
        {
            if (line.All("--policy").Count + line.All("--resource-policy").Count + line.All("--boundary").Count
                + line.All("--session-policy").Count + line.All("--scp").Count + line.All("--rcp").Count + line.All("--vpc-endpoint-policy").Count + line.All("--case").Count + line.All("--name").Count > 0)
            {
                throw new UsageException("--bundle takes the principal's policies from the bundle; give no policy flags or --case with it");
            }

            var bundle = new BundleDecider(BundleOption.Load(line), engine, deriveContext: false);
            query = FromFlags(line, new(ReferenceEqualityComparer.Instance)).Query;
            if (line.Has("--derive-context"))
            {
                query = Engine.Bundles.Accounts.ContextDerivation.Apply(bundle.Bundle, query);
            }

            answer = bundle.Decide(query);
            policies = bundle.PolicySetFor(query) ?? throw new UsageException($"`{query.Principal}` is not a principal of the bundle");
            endpointNote = EndpointNote(bundle.Bundle, query);
            sources = d => bundle.Bundle.NameOf(d) is { } name ? (name, bundle.Bundle.SourceOf(d)) : null;
        }
        else
        {
            if (line.One("--key-policies") is not null)
            {
                throw new UsageException("--key-policies adds key policies to a bundle; give --bundle too");
            }

            if (line.One("--name") is not null && line.One("--case") is null)
            {
                throw new UsageException("--name picks a case of the --case file; give --case too");
            }

            var files = new Dictionary<PolicyDocument, (string Name, ReadOnlyMemory<byte> Text)>(ReferenceEqualityComparer.Instance);
            (policies, query) = line.One("--case") is { } caseFile ? FromCase(caseFile, line.One("--name")) : FromFlags(line, files);
            sources = d => files.TryGetValue(d, out (string Name, ReadOnlyMemory<byte> Text) file) ? file : null;
            answer = new DecisionEngine(engine).Decide(policies, query);
        }

        output.WriteLine($"decision: {answer.Decision}");
        if (endpointNote is not null)
        {
            output.WriteLine(endpointNote);
        }

        if (answer.Error is not null)
        {
            output.WriteLine($"request error: {answer.Error}");
            return 1;
        }

        ReferenceDecision explanation = ReferenceEvaluator.Evaluate(policies, query);
        if (explanation.Deciding.Length > 0)
        {
            output.WriteLine(answer.Decision == Decision.ExplicitDeny ? "denied by:" : "allowed by:");
            foreach (StatementRef statement in explanation.Deciding)
            {
                output.WriteLine($"  {statement}");
            }
        }

        // SPEC: amendments §17.1, §17.3, §17.4 — the must-allow kind, the rule, the new reasons in words.
        if (explanation.ResourcePolicyKind is { } resourcePolicyKind)
        {
            output.WriteLine($"resource policy kind: {resourcePolicyKind}");
        }

        if (explanation.Rule is { } rule)
        {
            output.WriteLine($"rule: {rule}");
            output.WriteLine($"  {ExplanationWords.Describe(rule, query, null)}");
        }

        if (explanation.Reasons.Length > 0)
        {
            output.WriteLine($"reasons: {string.Join(", ", explanation.Reasons)}");
            foreach (string reason in explanation.Reasons)
            {
                if (ExplanationWords.Describe(reason, query, explanation.ResourcePolicyKind) is { } words)
                {
                    output.WriteLine($"  {words}");
                }
            }
        }

        if (answer.Decision != Decision.Allow || line.Has("--verbose"))
        {
            output.WriteLine("statements:");
            foreach (StatementTrace trace in ReferenceEvaluator.Trace(policies, query))
            {
                output.WriteLine($"  {(trace.Applies ? "applies" : "skipped")}  {trace.Statement}: {trace.Why}");
            }
        }

        if (engine != EngineKind.Reference && explanation.Decision != answer.Decision)
        {
            output.WriteLine($"warning: the reference interpreter answers {explanation.Decision}; please report this");
        }

        WriteFindings(policies, sources, output);
        return 0;
    }

    // docs/bundles.md: which endpoint policy took part, or why none did although the request names one.
    private static string? EndpointNote(Engine.Bundles.Bundle bundle, AuthorizationQuery query)
    {
        if (Engine.Bundles.SourceVpce.Of(query) is not { } id)
        {
            return null;
        }

        return bundle.TryGetVpcEndpointPolicyName(id, out string? name)
            ? $"vpc endpoint: `{id}` (policy `{name}`)"
            : $"vpc endpoint: `{id}` is not in the bundle's vpcEndpoints: decided with no VPC endpoint policy";
    }

    /// <summary>
    /// The policy checks of `engine validate` for the policies used (files given by flags, or the bundle's), below the
    /// decision (<see cref="UsedPolicyFindings"/>). A case file's policies have no file of their own and are not checked.
    /// </summary>
    private static void WriteFindings(PolicySet policies, Func<PolicyDocument, (string Name, ReadOnlyMemory<byte> Text)?> sources, TextWriter output)
    {
        List<(string File, Engine.Lint.PolicyFinding Finding)> findings = [.. UsedPolicyFindings.Of(policies, sources).Select(f => (f.Name, f.Finding))];
        if (findings.Count > 0)
        {
            output.WriteLine("findings (engine validate):");
            ValidateCommand.Write(output, "text", findings);
        }
    }

    private static (PolicySet, AuthorizationQuery) FromCase(string file, string? name)
    {
        CaseFileSet set = CaseFileSet.Load([file]);
        if (set.Errors.Length > 0)
        {
            throw new UsageException(set.Errors[0].ToString());
        }

        DecisionCase? picked = name is null ? set.Cases.FirstOrDefault() : PickCase(set, file, name);
        if (picked?.Policies is null)
        {
            throw new UsageException(name is null ? $"`{file}` holds no case with policies" : $"case `{picked?.Name}` of `{file}` carries no policies");
        }

        return (picked.Policies, picked.Query);
    }

    // The full name first; else the part after the suite's slash, when exactly one case has it.
    private static DecisionCase PickCase(CaseFileSet set, string file, string name)
    {
        if (set.Cases.FirstOrDefault(c => c.Name == name) is { } exact)
        {
            return exact;
        }

        DecisionCase[] bySuffix = [.. set.Cases.Where(c => c.Name.EndsWith("/" + name, StringComparison.Ordinal))];
        return bySuffix.Length switch
        {
            1 => bySuffix[0],
            0 => throw new UsageException($"`{file}` holds no case named `{name}` (its cases: {string.Join(", ", set.Cases.Take(5).Select(c => $"`{c.Name}`"))}{(set.Cases.Length > 5 ? ", …" : "")})"),
            _ => throw new UsageException($"`{name}` names {bySuffix.Length} cases of `{file}` (`{bySuffix[0].Name}`, `{bySuffix[1].Name}`, …); give the full name"),
        };
    }

    private static (PolicySet Policies, AuthorizationQuery Query) FromFlags(CommandLine line, Dictionary<PolicyDocument, (string Name, ReadOnlyMemory<byte> Text)> files)
    {
        string principal = line.One("--principal") ?? throw new UsageException("--principal is required");
        string action = line.One("--action") ?? throw new UsageException("--action is required");
        string resource = line.One("--resource") ?? throw new UsageException("--resource is required");

        ImmutableArray<ContextEntry> entries = BundleOption.Context(line.All("--context"));
        var query = new AuthorizationQuery(principal, action, resource, line.One("--resource-account"), entries);

        // Each document with its file's bytes, for the policy checks below the decision.
        PolicyDocument Read(string file, PolicyKind kind)
        {
            PolicyDocument document = PolicyFiles.Read(file, kind, out byte[] text);
            files[document] = (file, text);
            return document;
        }

        ImmutableArray<PolicyDocument>? Levels(string option, PolicyKind kind) =>
            line.All(option).Count == 0 ? null : [.. line.All(option).Select(f => Read(f, kind))];

        var policies = new PolicySet(
            [.. line.All("--policy").Select(f => Read(f, PolicyKind.Identity))],
            line.One("--resource-policy") is { } rp ? Read(rp, PolicyKind.Resource) : null,
            line.One("--boundary") is { } b ? [Read(b, PolicyKind.PermissionsBoundary)] : [],
            line.One("--session-policy") is { } s ? [Read(s, PolicyKind.Session)] : [],
            Levels("--scp", PolicyKind.Scp) is { } scps ? [.. scps.Select(d => ImmutableArray.Create(d))] : null,
            Levels("--rcp", PolicyKind.Rcp) is { } rcps ? [.. rcps.Select(d => ImmutableArray.Create(d))] : null,
            line.One("--vpc-endpoint-policy") is { } vpce ? Read(vpce, PolicyKind.VpcEndpoint) : null);
        return (policies, query);
    }
}
