using Engine.Gateway.Envoy.Auth;
using Engine.Gateway.Envoy.Core;
using Engine.Gateway.Http;
using Engine.LoadGen.Cli;
using Engine.LoadGen.Workload;
using Grpc.Core;
using Grpc.Net.Client;

namespace Engine.LoadGen.Running;

/// <summary>
/// One HTTP/2 cleartext connection (a <see cref="GrpcChannel"/> on its own handler, one connection)
/// asking Envoy's ext_authz <c>Check</c>, with the client the project's own <c>.proto</c> files
/// generate (src/Engine.Gateway/Protos). Each case's <see cref="CheckRequest"/> is built once, as
/// Envoy would fill it: method, path, lower-case headers, scheme, and the peer 127.0.0.1.
/// Status 0 is an allow, 7 PERMISSION_DENIED a deny; 16 UNAUTHENTICATED and a failed RPC are errors.
/// </summary>
internal sealed class ExtAuthzClient : IGatewayClient
{
    private const int Ok = 0;
    private const int PermissionDenied = 7;

    private readonly GrpcChannel _channel;
    private readonly Authorization.AuthorizationClient _client;
    private readonly CheckRequest[] _requests;

    /// <summary>Creates the client; the connection opens with the first call.</summary>
    /// <param name="address">The server's <c>--grpc</c> address.</param>
    /// <param name="workload">The requests.</param>
    public ExtAuthzClient(ServerAddress address, GatewayWorkload workload)
    {
        var handler = new SocketsHttpHandler
        {
            // One HTTP/2 connection per lane; --pipeline is the number of streams on it.
            EnableMultipleHttp2Connections = false,
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectCallback = async (_, cancellation) =>
                new System.Net.Sockets.NetworkStream(await address.ConnectAsync(TimeSpan.FromSeconds(5), cancellation).ConfigureAwait(false), ownsSocket: true),
        };
        _channel = GrpcChannel.ForAddress(
            address.IsUnix ? "http://localhost" : "http://" + address.Text,
            new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true, MaxRetryAttempts = 0 });
        _client = new Authorization.AuthorizationClient(_channel);
        _requests = [.. workload.Cases.Select(CheckRequestOf)];
    }

    /// <summary>The CheckRequest Envoy would send for a case (for tests).</summary>
    /// <param name="request">The case's gateway request.</param>
    /// <returns>The request.</returns>
    public static CheckRequest CheckRequestOf(GatewayCase request)
    {
        var http = new AttributeContext.Types.HttpRequest
        {
            Method = GatewayWorkload.Method,
            Path = request.Path,
            Scheme = "http",
            Protocol = "HTTP/1.1",
        };
        foreach (KeyValuePair<string, string> header in request.Headers)
        {
            // Envoy sends header names in lower case.
            http.Headers[header.Key.ToLowerInvariant()] = header.Value;
        }

        return new CheckRequest
        {
            Attributes = new AttributeContext
            {
                Source = new AttributeContext.Types.Peer { Address = new Address { SocketAddress = new SocketAddress { Address = "127.0.0.1", PortValue = 40000 } } },
                Request = new AttributeContext.Types.Request { Http = http },
            },
        };
    }

    /// <inheritdoc/>
    public async ValueTask<GatewayAnswer> SendAsync(int caseIndex, CancellationToken cancellation)
    {
        CheckResponse response;
        try
        {
            response = await _client.CheckAsync(_requests[caseIndex], cancellationToken: cancellation).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !cancellation.IsCancellationRequested)
        {
            return GatewayAnswer.Failed($"gRPC {e.StatusCode}: {e.Status.Detail}");
        }

        int code = response.Status?.Code ?? Ok;
        Google.Protobuf.Collections.RepeatedField<HeaderValueOption>? headers = response.HttpResponseCase switch
        {
            CheckResponse.HttpResponseOneofCase.OkResponse => response.OkResponse.Headers,
            CheckResponse.HttpResponseOneofCase.DeniedResponse => response.DeniedResponse.Headers,
            _ => null,
        };
        string? decision = headers?.FirstOrDefault(h => string.Equals(h.Header?.Key, GatewayHeaders.Decision, StringComparison.OrdinalIgnoreCase))?.Header.Value;
        return code switch
        {
            Ok => GatewayAnswer.Decided(allowed: true, decision),
            PermissionDenied => GatewayAnswer.Decided(allowed: false, decision),
            _ => GatewayAnswer.Failed($"CheckResponse status {code}: {response.Status?.Message}"),
        };
    }

    /// <inheritdoc/>
    public void Dispose() => _channel.Dispose();
}
