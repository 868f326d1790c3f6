using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Fuzz.Targets;

/// <summary>
/// Policy documents (Engine.Compiler's parser): the input is parsed as every kind of policy; each
/// document that parses is placed in a policy set of its kind, compiled, and asked a question
/// built from its own first statement and a fixed one. The parser reports errors, never throws.
/// </summary>
internal sealed class PolicyDocumentTarget : IFuzzTarget
{
    private static readonly PolicyKind[] s_kinds =
        [PolicyKind.Identity, PolicyKind.Resource, PolicyKind.PermissionsBoundary, PolicyKind.Session, PolicyKind.Scp, PolicyKind.Rcp];

    private static readonly PolicyDocument s_allowAll = PolicyParser.ParseOrThrow(
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", PolicyKind.Identity);

    public string Name => "policy";

    public void Run(ReadOnlySpan<byte> input)
    {
        foreach (PolicyKind kind in s_kinds)
        {
            PolicyParseResult result = PolicyParser.Parse(input, kind);
            if (result.Document is not PolicyDocument document)
            {
                if (result.Errors.IsDefaultOrEmpty)
                {
                    throw new OracleViolationException($"rejected as {kind} without an error");
                }

                continue;
            }

            PolicySet set = SetFor(kind, document);
            Decisions.Decide(set, QueryFrom(document));
            Decisions.Decide(set, new AuthorizationQuery(Decisions.Alice, "iam:ListMFADevices", "arn:aws:iam::111122223333:user/alice", null, Decisions.Context));
        }
    }

    public IEnumerable<FuzzSeed> Seeds(string repository) =>
        RepositoryFiles.Under(repository, "tests/Examples", "*.json")
            .Concat(RepositoryFiles.Under(repository, "examples/policies", "*.json"))
            .Concat(RepositoryFiles.Under(repository, "examples/bundles", "*.json"));

    private static PolicySet SetFor(PolicyKind kind, PolicyDocument document) => kind switch
    {
        PolicyKind.Identity => PolicySet.FromIdentity(document),
        PolicyKind.Resource => new PolicySet([], document, [], [], null, null),
        PolicyKind.PermissionsBoundary => new PolicySet([s_allowAll], null, [document], [], null, null),
        PolicyKind.Session => new PolicySet([s_allowAll], null, [], [document], null, null),
        PolicyKind.Scp => new PolicySet([s_allowAll], null, [], [], [[document]], null),
        _ => new PolicySet([s_allowAll], null, [], [], null, [[document]]),
    };

    // A question the document speaks about: its first action and resource with the wildcards
    // filled in, so that the matching and condition code runs, not only the "no match" path.
    private static AuthorizationQuery QueryFrom(PolicyDocument document)
    {
        string action = "s3:GetObject";
        string resource = "*";
        if (!document.Statements.IsDefaultOrEmpty)
        {
            Statement first = document.Statements[0];
            if (!first.Action.Patterns.IsDefaultOrEmpty)
            {
                action = Fill(first.Action.Patterns[0]);
            }

            if (first.Resource is { Patterns.IsDefaultOrEmpty: false } r)
            {
                resource = Fill(r.Patterns[0]);
            }
        }

        return new AuthorizationQuery(Decisions.Alice, action, resource, null, Decisions.Context);
    }

    private static string Fill(string pattern) => pattern.Replace('*', 'x').Replace('?', 'y');
}
