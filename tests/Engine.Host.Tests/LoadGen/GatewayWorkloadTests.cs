using System.Collections.Immutable;
using System.Net;
using System.Text;
using Engine.Compiler.Cases;
using Engine.Compiler.Model;
using Engine.Gateway.Envoy.Auth;
using Engine.Gateway.Mapping;
using Engine.LoadGen.Cli;
using Engine.LoadGen.Running;
using Engine.LoadGen.Workload;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Host.Tests.LoadGen;

/// <summary>
/// The gateway workload and its mapping file, read by the engine's own mapping reader and mapper:
/// the question the server asks must be exactly the case's, or the load test would check answers
/// to other questions.
/// </summary>
public class GatewayWorkloadTests
{
    // What the gateway adds from the request and its clock; a case that names one sets it through the request.
    private static readonly string[] s_gatewayKeys = ["aws:SourceIp", "aws:SecureTransport", "aws:CurrentTime", "aws:EpochTime"];

    private static readonly string s_mfaVectors = Path.Combine(TestData.VectorsDirectory, "mfa-self-service.json");

    [Fact]
    public void Every_MFA_vector_is_asked_exactly_over_forward_auth_and_ext_authz()
    {
        IReadOnlyList<DecisionCase> cases = CaseFileSet.Load([s_mfaVectors]).Cases;
        AssertAskedExactly(cases);
    }

    [Fact]
    public void Awkward_resources_lists_and_request_keys_are_asked_exactly()
    {
        DecisionCase[] cases =
        [
            Case("arn:aws:s3:::bucket/a b/c%20d//e?f#g", ContextEntry.ManyValues("aws:TagKeys", "x", "y z"), ContextEntry.OneValue("aws:SourceIp", "10.1.2.3"), ContextEntry.OneValue("aws:SecureTransport", "true")),
            Case("*", ContextEntry.OneValue("aws:UserAgent", "curl/8.0"), ContextEntry.OneValue("aws:Referer", "https://example.com/x"), ContextEntry.OneValue("aws:PrincipalTag/team", "blue")),
        ];
        AssertAskedExactly(cases);
    }

    [Theory]
    [InlineData("aws:CurrentTime", "2024-01-01T00:00:00Z", "own clock")]
    [InlineData("aws:username", "a,b", "cannot travel in a header")]
    [InlineData("aws:username", " padded", "cannot travel in a header")]
    [InlineData("aws:username", "", "cannot travel in a header")]
    [InlineData("aws:SourceIp", "not-an-ip", "is not an IP address")]
    [InlineData("aws:SecureTransport", "maybe", "true or false")]
    public void A_case_a_gateway_cannot_express_is_refused_with_the_reason(string key, string value, string reason)
    {
        LoadGenException e = Assert.Throws<LoadGenException>(() => GatewayWorkload.FromCases([Case("*", ContextEntry.OneValue(key, value))]));
        Assert.Contains("case `c0`", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resource_account_or_a_one_item_list_is_refused()
    {
        var withAccount = new DecisionCase("acct", null, null, new AuthorizationQuery("arn:aws:iam::111122223333:user/alice", "s3:GetObject", "*", "444455556666", []), Decision.Allow, "test");
        Assert.Contains("resourceAccount", Assert.Throws<LoadGenException>(() => GatewayWorkload.FromCases([withAccount])).Message, StringComparison.Ordinal);
        Assert.Contains("list of 1 value", Assert.Throws<LoadGenException>(() => GatewayWorkload.FromCases([Case("*", ContextEntry.ManyValues("aws:TagKeys", "x"))])).Message, StringComparison.Ordinal);
    }

    private static DecisionCase Case(string resource, params ContextEntry[] context) =>
        new("c0", null, null, new AuthorizationQuery("arn:aws:iam::111122223333:user/alice", "s3:GetObject", resource, null, [.. context]), Decision.Allow, "test");

    // Maps each case's request as forward-auth and as ext_authz see it, under the workload's own
    // mapping file, and compares the question with the case's.
    private static void AssertAskedExactly(IReadOnlyList<DecisionCase> cases)
    {
        GatewayWorkload workload = GatewayWorkload.FromCases(cases);
        GatewayMapping? mapping = GatewayMappingReader.Read(Encoding.UTF8.GetBytes(workload.MappingJson()), "loadgen-gateway.json", out ImmutableArray<GatewayMappingError> errors);
        Assert.True(errors.IsEmpty, string.Join("\n", errors));
        var mapper = new RequestMapper(mapping!);
        for (int i = 0; i < cases.Count; i++)
        {
            GatewayCase request = workload.Cases[i];
            var headers = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
            AssertSameQuestion(cases[i], mapper.Map(new GatewayRequest(GatewayWorkload.Method, request.Path, "http", IPAddress.Loopback, null, name => headers.GetValueOrDefault(name))));

            // As ExtAuthzService reads a CheckRequest: lower-case header names, the peer from source.address.
            AttributeContext.Types.HttpRequest http = ExtAuthzClient.CheckRequestOf(request).Attributes.Request.Http;
            AssertSameQuestion(cases[i], mapper.Map(new GatewayRequest(http.Method, http.Path, http.Scheme, IPAddress.Loopback, null, name => http.Headers.TryGetValue(name.ToLowerInvariant(), out string? v) ? v : null)));
        }
    }

    private static void AssertSameQuestion(DecisionCase expected, MappedRequest mapped)
    {
        Assert.Equal(MappingStatus.Mapped, mapped.Status);
        AuthorizationQuery asked = mapped.Query!;
        AuthorizationQuery q = expected.Query;
        Assert.Equal(q.Principal, asked.Principal);
        Assert.Equal(q.Action, asked.Action);
        Assert.Equal(q.Resource, asked.Resource);
        Assert.Null(asked.ResourceAccount);
        string Show(ContextEntry e) => $"{e.Key}={(e.IsMultivalued ? "[" + string.Join("|", e.Values) + "]" : e.Values[0])}";
        string[] want = [.. q.Context.Select(Show).Order(StringComparer.Ordinal)];

        // The gateway's own keys are compared only when the case sets them.
        string[] got = [.. asked.Context
            .Where(e => !s_gatewayKeys.Contains(e.Key, StringComparer.OrdinalIgnoreCase) || q.Context.Any(c => string.Equals(c.Key, e.Key, StringComparison.OrdinalIgnoreCase)))
            .Select(Show).Order(StringComparer.Ordinal)];
        Assert.Equal(want, got);
    }
}
