using Engine.Compiler.Model;
using Engine.Gateway.Http;
using Engine.Host.Cli;
using Engine.Host.Gateway;
using Engine.Host.Reload;
using Engine.Host.Server;
using Engine.Host.Tests.Server;
using Engine.Protocol;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;
using ContextEntry = Engine.Compiler.Model.ContextEntry;

namespace Engine.Host.Tests.Bundles;

/// <summary>
/// A bundle's <c>vpcEndpoints</c> on every surface that decides bundle queries: <c>engine eval
/// --bundle</c>, the binary protocol (with hot reload) and the gateway decider behind the JSON API,
/// forward-auth and ext_authz. The request's <c>aws:SourceVpce</c> picks the endpoint policy.
/// </summary>
public sealed class VpcEndpointSurfaceTests : IDisposable
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";
    private const string Endpoint = "vpce-1a2b3c4d";
    private const string Report = "arn:aws:s3:::reports/q1.csv";
    private const string Other = "arn:aws:s3:::other/x";
    private const string ReportsOnly = """{ "Statement": [ { "Sid": "ReadReports", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" } ] }""";
    private const string AllowAll = """{ "Statement": [ { "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*" } ] }""";

    private readonly string _directory = Directory.CreateTempSubdirectory("vpce-bundle-").FullName;

    public VpcEndpointSurfaceTests()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "policies"));
        File.WriteAllText(Path.Combine(_directory, "bundle.json"), $$"""
            {
              "users": { "{{Alice}}": { "policies": ["read-s3"] } },
              "vpcEndpoints": { "{{Endpoint}}": "vpce-reports" }
            }
            """);
        File.WriteAllText(Path.Combine(_directory, "policies", "read-s3.json"), """{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] }""");
        File.WriteAllText(Path.Combine(_directory, "policies", "vpce-reports.json"), ReportsOnly);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Eval_with_a_bundle_decides_through_the_endpoint_and_names_its_policy()
    {
        string text = Eval(Other, Endpoint);
        Assert.Contains("decision: ImplicitDeny", text, StringComparison.Ordinal);
        Assert.Contains($"vpc endpoint: `{Endpoint}` (policy `vpce-reports`)", text, StringComparison.Ordinal);
        Assert.Contains("reasons: vpc-endpoint-no-allow", text, StringComparison.Ordinal);

        Assert.Contains("decision: Allow", Eval(Report, Endpoint), StringComparison.Ordinal);
        Assert.Contains("decision: Allow", Eval(Other, endpoint: null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("compiled")]
    [InlineData("reference")]
    public void Eval_with_a_bundle_says_an_unknown_endpoint_is_decided_without_a_policy(string engine)
    {
        string text = Eval(Other, "vpce-99999999", engine);
        Assert.Contains("decision: Allow", text, StringComparison.Ordinal);
        Assert.Contains("vpc endpoint: `vpce-99999999` is not in the bundle's vpcEndpoints: decided with no VPC endpoint policy", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_binary_protocol_decides_through_the_endpoint_and_reload_picks_up_a_changed_endpoint_policy()
    {
        var paths = new[] { _directory };
        var holder = new PolicySourceHolder(BundleReload.Load(paths, deriveContext: false), BundleReload.Rebuilder(paths, deriveContext: false));
        await using TestServer server = TestServer.Start(policies: holder);
        await using EngineClient client = await server.ConnectAsync();
        QueryContextEntry[] through = [QueryContextEntry.SingleValue("aws:SourceVpce", Endpoint)];

        Assert.Equal(Decision.ImplicitDeny, (await client.QueryAsync(Alice, "s3:GetObject", Other, context: through)).Decision);
        DecisionResult report = await client.QueryAsync(Alice, "s3:GetObject", Report, context: through);
        Assert.Equal((ResponseStatus.Ok, Decision.Allow), (report.Status, report.Decision));
        Assert.Equal(Decision.Allow, (await client.QueryAsync(Alice, "s3:GetObject", Other)).Decision);

        File.WriteAllText(Path.Combine(_directory, "policies", "vpce-reports.json"), AllowAll);
        Assert.True(server.Server.Reload());

        Assert.Equal(Decision.Allow, (await client.QueryAsync(Alice, "s3:GetObject", Other, context: through)).Decision);
    }

    [Fact]
    public async Task The_gateway_decides_through_the_endpoint_and_explains_with_its_policy()
    {
        var decider = new PolicyDecider(new PolicySourceHolder(BundleReload.Load([_directory], deriveContext: false)), Engine.Bundles.GlobalContextValidator.Strict);

        GatewayDecision denied = await decider.DecideAsync(Query(Other, Endpoint), explain: true, CancellationToken.None);
        Assert.Equal(Decision.ImplicitDeny, denied.Decision);
        Assert.Contains("vpc-endpoint-no-allow", denied.Explanation!.Reasons);
        Assert.Contains(denied.Explanation.Statements, s => s.Statement.Contains("ReadReports", StringComparison.Ordinal));

        Assert.Equal(Decision.Allow, (await decider.DecideAsync(Query(Report, Endpoint), explain: false, CancellationToken.None)).Decision);
        Assert.Equal(Decision.Allow, (await decider.DecideAsync(Query(Other, "vpce-99999999"), explain: false, CancellationToken.None)).Decision);
    }

    private static AuthorizationQuery Query(string resource, string endpoint) =>
        new(Alice, "s3:GetObject", resource, null, [ContextEntry.OneValue("aws:SourceVpce", endpoint)]);

    private string Eval(string resource, string? endpoint, string engine = "compiled")
    {
        var output = new StringWriter();
        string[] context = endpoint is null ? [] : ["--context", $"aws:SourceVpce={endpoint}"];
        Assert.Equal(0, EvalCommand.Run(
            ["--bundle", _directory, "--principal", Alice, "--action", "s3:GetObject", "--resource", resource, "--engine", engine, .. context], output));
        return output.ToString();
    }
}
