using System.Diagnostics;
using System.Globalization;
using System.Net;
using Engine.Gateway.Envoy.Auth;
using Engine.Gateway.Envoy.Core;
using Engine.Gateway.Envoy.Type;
using Engine.Gateway.Http;
using Engine.Gateway.Mapping;
using Engine.Gateway.Metrics;
using Engine.Runtime.Evaluation;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using RpcStatus = Engine.Gateway.Envoy.Rpc.Status;

namespace Engine.Gateway.Grpc;

/// <summary>
/// Envoy's ext_authz v3 <c>Check</c> (docs/gateways.md). The RPC completes with gRPC status OK and
/// the decision goes in <c>CheckResponse.status</c>: 0 allows (with <c>ok_response</c> headers
/// that overwrite any the client sent), 7 PERMISSION_DENIED denies (403), 16 UNAUTHENTICATED has
/// no principal (401). Only a real failure (no bundle yet, an internal error) fails the RPC, so
/// Envoy applies its own failure mode, closed by default.
/// </summary>
/// <param name="decider">Decides questions on the bundle in use.</param>
/// <param name="mapper">Maps the request Envoy describes to a question.</param>
/// <param name="state">Dry-run.</param>
/// <param name="logger">Where dry-run decisions go.</param>
/// <param name="metrics">Where decisions and durations are counted (transport <c>ext-authz</c>).</param>
public sealed class ExtAuthzService(IGatewayDecider decider, RequestMapper mapper, GatewayState state, ILogger<ExtAuthzService> logger, EngineMetrics metrics) : Engine.Gateway.Envoy.Auth.Authorization.AuthorizationBase
{
    private readonly TransportMetrics _metrics = metrics.For(DecisionTransport.ExtAuthz);

    private const int Ok = 0;
    private const int PermissionDenied = 7;
    private const int Unauthenticated = 16;

    // HeaderValueOption.append_action OVERWRITE_IF_EXISTS_OR_ADD.
    private const int OverwriteIfExistsOrAdd = 2;

    /// <inheritdoc/>
    public override async Task<CheckResponse> Check(CheckRequest request, ServerCallContext context)
    {
        long started = Stopwatch.GetTimestamp();

        // Counted before --dry-run turns a deny into an Allow: the metric shows what a rollout would deny.
        DecisionOutcome outcome = DecisionOutcome.Error;
        try
        {
            (CheckResponse response, outcome) = await DecideAsync(request, context).ConfigureAwait(false);
            return response;
        }
        finally
        {
            _metrics.Decided(outcome);
            _metrics.Duration(started);
        }
    }

    private async Task<(CheckResponse Response, DecisionOutcome Outcome)> DecideAsync(CheckRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (!decider.IsReady)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.Unavailable, "no bundle loaded yet"));
        }

        AttributeContext.Types.HttpRequest? http = request.Attributes?.Request?.Http;
        if (http is null)
        {
            // Nothing to decide on: denied, not a failure of the service.
            return (Denied(PermissionDenied, 403, string.Empty, string.Empty, string.Empty, 0, "the CheckRequest carries no HTTP request"), DecisionOutcome.Error);
        }

        AttributeContext.Types.Peer? source = request.Attributes!.Source;
        IPAddress? peer = source?.Address?.SocketAddress is { } socket && IPAddress.TryParse(socket.Address, out IPAddress? parsed) ? parsed : null;
        var gatewayRequest = new GatewayRequest(
            http.Method,
            http.Path,
            http.Scheme,
            peer,
            source?.Principal is { Length: > 0 } principal ? principal : null,
            name => http.Headers.TryGetValue(name.ToLowerInvariant(), out string? value) ? value : null);
        MappedRequest mapped = mapper.Map(gatewayRequest);
        if (mapped.Status != MappingStatus.Mapped)
        {
            DecisionOutcome refused = mapped.Status == MappingStatus.Unauthenticated ? DecisionOutcome.Unauthenticated : DecisionOutcome.ImplicitDeny;
            if (state.DryRun)
            {
                GatewayLog.DryRunRefused(logger, "ext_authz", mapped.Status);
                return (Allowed(mapped.Principal ?? string.Empty, nameof(Decision.Allow), string.Empty, 0), refused);
            }

            return (mapped.Status == MappingStatus.Unauthenticated
                ? Denied(Unauthenticated, 401, string.Empty, string.Empty, string.Empty, 0, "no principal")
                : Denied(PermissionDenied, 403, mapped.Principal ?? string.Empty, nameof(Decision.ImplicitDeny), string.Empty, 0, "no route matches the request"), refused);
        }

        GatewayDecision decision = await decider.DecideAsync(mapped.Query!, explain: false, context.CancellationToken).ConfigureAwait(false);
        DecisionOutcome outcome = DecisionOutcomes.Of(decision);
        string statement = decision.Statement?.ToString() ?? string.Empty;
        if (decision.Decision == Decision.Allow)
        {
            return (Allowed(mapped.Principal!, nameof(Decision.Allow), statement, decision.Revision), outcome);
        }

        if (state.DryRun)
        {
            GatewayLog.DryRun(logger, "ext_authz", decision.Decision, mapped.Query!.Principal, mapped.Query.Action, mapped.Query.Resource, decision.Statement);
            return (Allowed(mapped.Principal!, nameof(Decision.Allow), statement, decision.Revision), outcome);
        }

        return (Denied(PermissionDenied, 403, mapped.Principal!, decision.Decision.ToString(), statement, decision.Revision, decision.Decision.ToString()), outcome);
    }

    private static CheckResponse Allowed(string principal, string decision, string statement, ulong revision)
    {
        var ok = new OkHttpResponse();
        AddHeaders(ok.Headers, principal, decision, statement, revision);
        return new CheckResponse { Status = new RpcStatus { Code = Ok }, OkResponse = ok };
    }

    private static CheckResponse Denied(int code, int httpStatus, string principal, string decision, string statement, ulong revision, string message)
    {
        var denied = new DeniedHttpResponse { Status = new HttpStatus { Code = httpStatus } };
        AddHeaders(denied.Headers, principal, decision, statement, revision);
        return new CheckResponse { Status = new RpcStatus { Code = code, Message = message }, DeniedResponse = denied };
    }

    private static void AddHeaders(global::Google.Protobuf.Collections.RepeatedField<HeaderValueOption> headers, string principal, string decision, string statement, ulong revision)
    {
        headers.Add(Header(GatewayHeaders.Principal, principal));
        headers.Add(Header(GatewayHeaders.Decision, decision));
        headers.Add(Header(GatewayHeaders.Statement, statement));
        headers.Add(Header(GatewayHeaders.Revision, revision == 0 ? string.Empty : revision.ToString(CultureInfo.InvariantCulture)));
    }

    private static HeaderValueOption Header(string name, string value) =>
        new() { Header = new HeaderValue { Key = name.ToLowerInvariant(), Value = value }, AppendAction = OverwriteIfExistsOrAdd };
}
