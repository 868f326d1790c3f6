using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text.Json;
using Engine.Gateway.Mapping;
using Engine.Gateway.Metrics;
using Engine.Runtime.Evaluation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engine.Gateway.Http;

/// <summary>
/// The HTTP endpoints (docs/gateways.md): <c>/v1/forward-auth</c>, <c>POST /v1/authorize</c>,
/// <c>POST /v1/authorize/batch</c>, <c>/healthz</c> and <c>/readyz</c> (<c>/metrics</c> is
/// prometheus-net's middleware in front). One terminal handler that switches on the path: no
/// routing middleware on the request path.
/// </summary>
/// <param name="decider">Decides questions on the bundle in use.</param>
/// <param name="mapper">Maps a forward-auth request to a question.</param>
/// <param name="state">Draining and dry-run.</param>
/// <param name="logger">Where dry-run decisions and failures go.</param>
/// <param name="metrics">Where decisions and durations are counted; a private registry when null.</param>
public sealed class GatewayEndpoints(IGatewayDecider decider, RequestMapper mapper, GatewayState state, ILogger logger, EngineMetrics? metrics = null)
{
    /// <summary>The forward-auth path; what follows it is the original path in Envoy's <c>http_service</c> mode.</summary>
    public const string ForwardAuthPath = "/v1/forward-auth";

    // Relaxed escaping: the answer is application/json for a program, never embedded in HTML.
    /// <summary>The decider the endpoints ask (shared with the gRPC service).</summary>
    public IGatewayDecider Decider { get; } = decider;

    /// <summary>The mapping in use (shared with the gRPC service).</summary>
    public RequestMapper Mapper { get; } = mapper;

    /// <summary>What <c>GET /metrics</c> exports (shared with the gRPC service and the binary server).</summary>
    public EngineMetrics Metrics { get; } = metrics ?? new EngineMetrics();

    private static readonly JsonWriterOptions s_json = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Answers one request.</summary>
    /// <param name="context">The request.</param>
    public Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        PathString path = context.Request.Path;
        if (path.StartsWithSegments(ForwardAuthPath, StringComparison.Ordinal, out PathString rest))
        {
            return ForwardAuthAsync(context, rest);
        }

        switch (path.Value)
        {
            case "/v1/authorize":
                return RequirePost(context) ? AuthorizeAsync(context, batch: false) : Task.CompletedTask;
            case "/v1/authorize/batch":
                return RequirePost(context) ? AuthorizeAsync(context, batch: true) : Task.CompletedTask;
            case "/healthz":
                return Text(context, StatusCodes.Status200OK, "ok\n");
            case "/readyz":
                return Decider.IsReady && !state.IsDraining
                    ? Text(context, StatusCodes.Status200OK, "ready\n")
                    : Text(context, StatusCodes.Status503ServiceUnavailable, state.IsDraining ? "draining\n" : "no bundle loaded yet\n");
            default:
                return Text(context, StatusCodes.Status404NotFound, "not found\n");
        }
    }

    // SPEC: issue #11 §4: exactly 200 on Allow, 403 on a deny, 401 without a principal, 503 before
    // the first bundle; the identity and decision headers are always present.
    private async Task ForwardAuthAsync(HttpContext context, PathString rest)
    {
        long started = Stopwatch.GetTimestamp();
        HttpRequest http = context.Request;
        string principal = string.Empty, decisionText = string.Empty, statementText = string.Empty, revision = string.Empty;
        int status;

        // Counted before --dry-run turns a deny into an Allow: the metric shows what a rollout would deny.
        DecisionOutcome outcome = DecisionOutcome.Error;
        try
        {
            if (!Decider.IsReady)
            {
                status = StatusCodes.Status503ServiceUnavailable;
            }
            else
            {
                string method = Header(http, "X-Forwarded-Method") ?? Header(http, "X-Original-Method") ?? http.Method;
                string uri = Header(http, "X-Forwarded-Uri") ?? Header(http, "X-Original-URI")
                    ?? (rest.HasValue ? rest.Value! : "/") + http.QueryString.Value;

                // A Unix-socket peer has no address; it is on this host, so it counts as loopback.
                IPAddress peer = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
                var request = new GatewayRequest(method, uri, http.Scheme, peer, null, name => Header(http, name));
                MappedRequest mapped = Mapper.Map(request);
                principal = mapped.Principal ?? string.Empty;
                switch (mapped.Status)
                {
                    case MappingStatus.Unauthenticated:
                        status = StatusCodes.Status401Unauthorized;
                        outcome = DecisionOutcome.Unauthenticated;
                        break;
                    case MappingStatus.NoRoute:
                        status = StatusCodes.Status403Forbidden;
                        decisionText = nameof(Decision.ImplicitDeny);
                        outcome = DecisionOutcome.ImplicitDeny;
                        break;
                    default:
                        GatewayDecision decision = await Decider.DecideAsync(mapped.Query!, explain: false, context.RequestAborted).ConfigureAwait(false);
                        outcome = DecisionOutcomes.Of(decision);
                        status = decision.Decision == Decision.Allow ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden;
                        decisionText = decision.Decision.ToString();
                        statementText = decision.Statement?.ToString() ?? string.Empty;
                        revision = decision.Revision.ToString(CultureInfo.InvariantCulture);
                        if (state.DryRun && status != StatusCodes.Status200OK)
                        {
                            GatewayLog.DryRun(logger, "forward-auth", decision.Decision, mapped.Query!.Principal, mapped.Query.Action, mapped.Query.Resource, decision.Statement);
                        }

                        break;
                }

                if (state.DryRun && status != StatusCodes.Status200OK)
                {
                    if (mapped.Status != MappingStatus.Mapped)
                    {
                        GatewayLog.DryRunRefused(logger, "forward-auth", mapped.Status);
                    }

                    status = StatusCodes.Status200OK;
                    decisionText = nameof(Decision.Allow);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Fail closed: never a 2xx, never a 4xx nginx would misread.
            GatewayLog.Failed(logger, "forward-auth", e);
            status = StatusCodes.Status500InternalServerError;
            principal = decisionText = statementText = string.Empty;
            outcome = DecisionOutcome.Error;
        }

        HttpResponse response = context.Response;
        response.StatusCode = status;
        response.Headers[GatewayHeaders.Principal] = principal;
        response.Headers[GatewayHeaders.Decision] = decisionText;
        response.Headers[GatewayHeaders.Statement] = statementText;
        response.Headers[GatewayHeaders.Revision] = revision;
        response.ContentLength = 0;
        TransportMetrics metrics = Metrics.For(DecisionTransport.ForwardAuth);
        metrics.Decided(outcome);
        metrics.Duration(started);
    }

    // One duration per HTTP request (a batch is one); one outcome per item decided, or one Error
    // for a request refused as a whole (no bundle, malformed body).
    private async Task AuthorizeAsync(HttpContext context, bool batch)
    {
        long started = Stopwatch.GetTimestamp();
        TransportMetrics metrics = Metrics.For(DecisionTransport.Json);
        bool decided = false;
        try
        {
            decided = await AnswerAuthorizeAsync(context, batch).ConfigureAwait(false);
        }
        finally
        {
            if (!decided)
            {
                metrics.Decided(DecisionOutcome.Error);
            }

            metrics.Duration(started);
        }
    }

    // True when every item was decided (and counted).
    private async Task<bool> AnswerAuthorizeAsync(HttpContext context, bool batch)
    {
        if (!Decider.IsReady)
        {
            await Json(context, StatusCodes.Status503ServiceUnavailable, w => DecisionJson.WriteMessage(w, "no bundle loaded yet")).ConfigureAwait(false);
            return false;
        }

        bool explain = string.Equals(context.Request.Query["explain"], "true", StringComparison.OrdinalIgnoreCase);
        ReadOnlySequence<byte> body;
        PipeReader reader = context.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            if (read.IsCompleted)
            {
                break;
            }

            // Nothing consumed, everything examined: wait for the rest (Kestrel's body limit bounds it).
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        body = read.Buffer;
        byte[] bytes = body.ToArray();
        reader.AdvanceTo(body.End);

        if (batch)
        {
            if (!AuthorizeBodyReader.TryReadBatch(bytes, out ImmutableArray<AuthorizeItem> items, out AuthorizeBodyError? error))
            {
                await Json(context, StatusCodes.Status400BadRequest, w => DecisionJson.WriteError(w, error!)).ConfigureAwait(false);
                return false;
            }

            var answers = new (GatewayDecision Decision, AuthorizeItem Item)[items.Length];
            for (int i = 0; i < items.Length; i++)
            {
                answers[i] = (await DecideForJsonAsync(items[i], explain, context.RequestAborted).ConfigureAwait(false), items[i]);
            }

            await Json(context, StatusCodes.Status200OK, w =>
            {
                w.WriteStartArray();
                foreach ((GatewayDecision decision, AuthorizeItem item) in answers)
                {
                    DecisionJson.WriteDecision(w, decision, item.Id, state.DryRun ? decision.Decision : null);
                }

                w.WriteEndArray();
            }).ConfigureAwait(false);
        }
        else
        {
            if (!AuthorizeBodyReader.TryReadOne(bytes, out AuthorizeItem? item, out AuthorizeBodyError? error))
            {
                await Json(context, StatusCodes.Status400BadRequest, w => DecisionJson.WriteError(w, error!)).ConfigureAwait(false);
                return false;
            }

            GatewayDecision decision = await DecideForJsonAsync(item!, explain, context.RequestAborted).ConfigureAwait(false);
            await Json(context, StatusCodes.Status200OK, w => DecisionJson.WriteDecision(w, decision, item!.Id, state.DryRun ? decision.Decision : null)).ConfigureAwait(false);
        }

        return true;
    }

    private async ValueTask<GatewayDecision> DecideForJsonAsync(AuthorizeItem item, bool explain, CancellationToken cancellationToken)
    {
        GatewayDecision decision = await Decider.DecideAsync(item.Query, explain, cancellationToken).ConfigureAwait(false);
        Metrics.For(DecisionTransport.Json).Decided(DecisionOutcomes.Of(decision));
        if (state.DryRun && decision.Decision != Decision.Allow)
        {
            GatewayLog.DryRun(logger, "json", decision.Decision, item.Query.Principal, item.Query.Action, item.Query.Resource, decision.Statement);
        }

        return decision;
    }

    private static bool RequirePost(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method))
        {
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = "POST";
        return false;
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out Microsoft.Extensions.Primitives.StringValues values) && values.Count > 0 ? values.ToString() : null;

    private static Task Text(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text);
    }

    private static async Task Json(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_json))
        {
            write(writer);
        }

        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
