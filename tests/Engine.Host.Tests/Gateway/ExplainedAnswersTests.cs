using System.Text;
using System.Text.Json;
using Engine.Gateway.Envoy.Auth;
using Engine.Gateway.Envoy.Core;
using Engine.Gateway.Http;
using Grpc.Net.Client;
using HttpStatusCode = System.Net.HttpStatusCode;

namespace Engine.Host.Tests.Gateway;

/// <summary>
/// The reasons of the amended semantics (amendments §17) and the findings of the policies used (issue #12 §2) in
/// every server answer that explains: the JSON API's <c>?explain=true</c>, and forward-auth's and ext_authz's
/// <c>X-Engine-Reason</c> with <c>--explain-headers</c>. A real <c>engine serve</c> on loopback, a bundle with a
/// role trusted by its own account, a role trusted by another account, a KMS key whose key policy trusts the role
/// only, and alice, whose identity policy carries a statement that can never match (<c>Bool</c> on <c>"fals"</c>).
/// </summary>
public class ExplainedAnswersTests
{
    private const string Alice = "arn:aws:iam::111122223333:user/alice";
    private const string DeploySession = "arn:aws:sts::111122223333:assumed-role/deploy/s1";
    private const string Key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /// <summary>Each question, its decision, the rule or reason that explains it, the resource policy kind, and words that must appear.</summary>
    public static TheoryData<string, string, string, string, string, string?, string> Questions => new()
    {
        { "trust policy names the account", Alice, "sts:AssumeRole", "arn:aws:iam::111122223333:role/deploy", "account-delegation-identity-no-allow", "roleTrustPolicy",
          "the trust policy of role/deploy names account 111122223333 only: an identity policy of alice must also allow sts:AssumeRole" },
        { "trust policy no allow", Alice, "sts:AssumeRole", "arn:aws:iam::111122223333:role/partner", "role-trust-policy-no-allow", "roleTrustPolicy",
          "the trust policy of role/partner does not allow arn:aws:iam::111122223333:user/alice" },
        { "key policy no allow", Alice, "kms:Decrypt", Key, "key-policy-no-allow", "keyPolicy",
          "the key policy of key/1234abcd-12ab-34cd-56ef-1234567890ab does not allow arn:aws:iam::111122223333:user/alice" },
        { "not controlled by policy", Alice, "sts:GetCallerIdentity", "*", "not-controlled-by-policy", null,
          "sts:GetCallerIdentity needs no permission: no policy controls it" },
        { "credentials cannot call action", DeploySession, "sts:GetFederationToken", "*", "credentials-cannot-call-action", null,
          "role session credentials can never call sts:GetFederationToken; no policy can allow it" },
    };

    private static string CreateBundle()
    {
        string directory = Path.Combine(Path.GetTempPath(), "engine-explained-" + Guid.NewGuid().ToString("N"));
        string policies = Path.Combine(directory, "policies");
        Directory.CreateDirectory(policies);
        File.WriteAllText(Path.Combine(directory, "bundle.json"), $$"""
            {
              "users": { "{{Alice}}": { "policies": ["alice"] } },
              "roles": {
                "arn:aws:iam::111122223333:role/deploy": { "policies": ["deploy"], "trustPolicy": "deploy-trust" },
                "arn:aws:iam::111122223333:role/partner": { "policies": ["deploy"], "trustPolicy": "partner-trust" }
              },
              "resources": { "{{Key}}": "key-policy" }
            }
            """);
        File.WriteAllText(Path.Combine(policies, "alice.json"), """
            {
              "Version": "2012-10-17",
              "Statement": [
                { "Sid": "Decrypt", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*" },
                { "Sid": "NeverMatches", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "Bool": { "aws:SecureTransport": "fals" } } }
              ]
            }
            """);
        File.WriteAllText(Path.Combine(policies, "deploy.json"), """
            { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*" } ] }
            """);
        File.WriteAllText(Path.Combine(policies, "deploy-trust.json"), """
            { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:root" }, "Action": "sts:AssumeRole" } ] }
            """);
        File.WriteAllText(Path.Combine(policies, "partner-trust.json"), """
            { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::444455556666:root" }, "Action": "sts:AssumeRole" } ] }
            """);
        File.WriteAllText(Path.Combine(policies, "key-policy.json"), """
            { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::111122223333:role/deploy" }, "Action": "kms:*", "Resource": "*" } ] }
            """);

        // One route per question of Questions, for forward-auth and ext_authz.
        File.WriteAllText(Path.Combine(directory, "gateway.json"), $$"""
            {
              "principal": { "header": "X-Principal-Arn" },
              "routes": [
                { "method": "POST", "path": "/assume/{role}", "action": "sts:AssumeRole", "resource": "arn:aws:iam::111122223333:role/{role}" },
                { "method": "POST", "path": "/decrypt", "action": "kms:Decrypt", "resource": "{{Key}}" },
                { "method": "GET", "path": "/whoami", "action": "sts:GetCallerIdentity", "resource": "*" },
                { "method": "POST", "path": "/federate", "action": "sts:GetFederationToken", "resource": "*" }
              ]
            }
            """);
        return directory;
    }

    // The route of each question of Questions, by action and resource.
    private static (string Method, string Path) RouteOf(string action, string resource) => action switch
    {
        "sts:AssumeRole" => ("POST", "/assume/" + resource[(resource.LastIndexOf('/') + 1)..]),
        "kms:Decrypt" => ("POST", "/decrypt"),
        "sts:GetCallerIdentity" => ("GET", "/whoami"),
        _ => ("POST", "/federate"),
    };

    private static string Request(string principal, string action, string resource) =>
        $$"""{"principal":"{{principal}}","action":"{{action}}","resource":"{{resource}}"}""";

    [Fact]
    public async Task Json_api_explain_carries_the_findings_of_the_policies_used_and_none_without_explain()
    {
        string directory = CreateBundle();
        await using GatewayFixture engine = await GatewayFixture.StartWithBundleAsync(directory);
        using HttpClient client = engine.Client();

        using HttpResponseMessage explained = await client.PostAsync("/v1/authorize?explain=true", new StringContent(Request(Alice, "s3:GetObject", "arn:aws:s3:::logs/a.txt")));
        Assert.Equal(HttpStatusCode.OK, explained.StatusCode);
        using JsonDocument json = JsonDocument.Parse(await explained.Content.ReadAsStringAsync());
        Assert.Equal("ImplicitDeny", json.RootElement.GetProperty("decision").GetString());
        JsonElement finding = Assert.Single(json.RootElement.GetProperty("explanation").GetProperty("findings").EnumerateArray());

        // `engine validate --format json`'s shape, field by field, plus the policy's place in the decision.
        Assert.Equal("alice", finding.GetProperty("file").GetString());
        Assert.Equal("identity[0]", finding.GetProperty("policy").GetString());
        Assert.Equal("WARNING", finding.GetProperty("findingType").GetString());
        Assert.Equal("TYPE_MISMATCH_BOOLEAN", finding.GetProperty("issueCode").GetString());
        Assert.Contains("`fals`", finding.GetProperty("findingDetails").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("https://", finding.GetProperty("learnMoreLink").GetString(), StringComparison.Ordinal);
        JsonElement location = Assert.Single(finding.GetProperty("locations").EnumerateArray());
        string path = string.Concat(location.GetProperty("path").EnumerateArray().Select(p => p.TryGetProperty("index", out JsonElement i) ? $"[{i.GetInt32()}]" : "." + p.GetProperty("value").GetString()));
        Assert.StartsWith(".Statement[1].Condition.Bool", path, StringComparison.Ordinal);
        Assert.Equal(5, location.GetProperty("span").GetProperty("start").GetProperty("line").GetInt32());

        using HttpResponseMessage plain = await client.PostAsync("/v1/authorize", new StringContent(Request(Alice, "s3:GetObject", "arn:aws:s3:::logs/a.txt")));
        string text = await plain.Content.ReadAsStringAsync();
        Assert.Contains("\"decision\":\"ImplicitDeny\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TYPE_MISMATCH_BOOLEAN", text, StringComparison.Ordinal);
        Assert.DoesNotContain("findings", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task Json_api_explain_names_the_amended_reason_and_says_it_in_words(
        string name, string principal, string action, string resource, string reason, string? resourcePolicyKind, string words)
    {
        _ = name;
        string directory = CreateBundle();
        await using GatewayFixture engine = await GatewayFixture.StartWithBundleAsync(directory);
        using HttpClient client = engine.Client();
        using HttpResponseMessage response = await client.PostAsync("/v1/authorize?explain=true", new StringContent(Request(principal, action, resource)));
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement root = json.RootElement;
        JsonElement explanation = root.GetProperty("explanation");
        Assert.Equal(reason == "not-controlled-by-policy" ? "Allow" : "ImplicitDeny", root.GetProperty("decision").GetString());
        if (reason == "not-controlled-by-policy")
        {
            Assert.Equal(reason, explanation.GetProperty("rule").GetString());
        }
        else
        {
            Assert.Contains(reason, explanation.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
            Assert.False(explanation.TryGetProperty("rule", out _));
        }

        Assert.Equal(resourcePolicyKind, explanation.TryGetProperty("resourcePolicyKind", out JsonElement kind) ? kind.GetString() : null);
        Assert.Contains(explanation.GetProperty("words").EnumerateArray(), w => w.GetString()!.Contains(words, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_batch_explains_each_item()
    {
        string directory = CreateBundle();
        await using GatewayFixture engine = await GatewayFixture.StartWithBundleAsync(directory);
        using HttpClient client = engine.Client();
        var body = new StringBuilder("[");
        int id = 0;
        foreach (object?[] row in Questions)
        {
            body.Append(id == 0 ? "" : ",").Append($$"""{"id":{{id++}},"principal":"{{row[1]}}","action":"{{row[2]}}","resource":"{{row[3]}}"}""");
        }

        using HttpResponseMessage response = await client.PostAsync("/v1/authorize/batch?explain=true", new StringContent(body.Append(']').ToString()));
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement[] answers = [.. json.RootElement.EnumerateArray()];
        Assert.Equal(id, answers.Length);
        int i = 0;
        foreach (object?[] row in Questions)
        {
            JsonElement explanation = answers[i++].GetProperty("explanation");
            string reasons = explanation.TryGetProperty("rule", out JsonElement rule) ? rule.GetString()! : string.Join(", ", explanation.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
            Assert.Contains((string)row[4]!, reasons, StringComparison.Ordinal);

            // alice's policy is used in every question she asks, so its finding comes with each answer.
            Assert.Equal(row[1] as string == Alice ? 1 : 0, explanation.GetProperty("findings").GetArrayLength());
        }
    }

    [Fact]
    public async Task Forward_auth_carries_the_reason_with_explain_headers_and_an_empty_one_without()
    {
        string directory = CreateBundle();
        await using GatewayFixture engine = await GatewayFixture.StartWithBundleAsync(directory, "--gateway", "{dir}/gateway.json", "--explain-headers");
        using HttpClient client = engine.Client();
        foreach (object?[] row in Questions)
        {
            (string method, string path) = RouteOf((string)row[2]!, (string)row[3]!);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/forward-auth");
            request.Headers.Add("X-Principal-Arn", (string)row[1]!);
            request.Headers.Add("X-Forwarded-Method", method);
            request.Headers.Add("X-Forwarded-Uri", path);
            using HttpResponseMessage response = await client.SendAsync(request);
            string reason = (string)row[4]!;
            Assert.Equal(reason == "not-controlled-by-policy" ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(reason, Assert.Single(response.Headers.GetValues(GatewayHeaders.Reason)));
            Assert.Equal(string.Empty, Assert.Single(response.Headers.GetValues(GatewayHeaders.Statement)));
        }

        await using GatewayFixture plain = await GatewayFixture.StartWithBundleAsync(CreateBundle(), "--gateway", "{dir}/gateway.json");
        using HttpClient plainClient = plain.Client();
        using var denied = new HttpRequestMessage(HttpMethod.Get, "/v1/forward-auth");
        denied.Headers.Add("X-Principal-Arn", Alice);
        denied.Headers.Add("X-Forwarded-Method", "POST");
        denied.Headers.Add("X-Forwarded-Uri", "/decrypt");
        using HttpResponseMessage unexplained = await plainClient.SendAsync(denied);
        Assert.Equal(HttpStatusCode.Forbidden, unexplained.StatusCode);
        Assert.Equal(string.Empty, Assert.Single(unexplained.Headers.GetValues(GatewayHeaders.Reason)));
    }

    [Fact]
    public async Task Ext_authz_carries_the_reason_with_explain_headers()
    {
        await using GatewayFixture engine = await GatewayFixture.StartWithBundleAsync(CreateBundle(), "--gateway", "{dir}/gateway.json", "--explain-headers", "--grpc", "127.0.0.1:0");
        using GrpcChannel channel = GrpcChannel.ForAddress(engine.GrpcAddress!);
        var client = new Authorization.AuthorizationClient(channel);
        foreach (object?[] row in Questions)
        {
            (string method, string path) = RouteOf((string)row[2]!, (string)row[3]!);
            var http = new AttributeContext.Types.HttpRequest { Method = method, Path = path, Scheme = "http", Protocol = "HTTP/1.1" };
            http.Headers["x-principal-arn"] = (string)row[1]!;
            var check = new CheckRequest { Attributes = new AttributeContext { Request = new AttributeContext.Types.Request { Http = http } } };
            CheckResponse response = await client.CheckAsync(check);
            string reason = (string)row[4]!;
            Google.Protobuf.Collections.RepeatedField<HeaderValueOption> headers;
            if (reason == "not-controlled-by-policy")
            {
                Assert.Equal(0, response.Status.Code);
                headers = response.OkResponse.Headers;
            }
            else
            {
                Assert.Equal(7, response.Status.Code);
                Assert.Contains(reason, response.Status.Message, StringComparison.Ordinal);
                headers = response.DeniedResponse.Headers;
            }

            Assert.Equal(reason, Assert.Single(headers, h => h.Header.Key == "x-engine-reason").Header.Value);
        }
    }
}
