using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Engine.Gateway.Http;
using Engine.Gateway.Metrics;
using Microsoft.Extensions.Logging;

namespace Engine.Host.Server;

/// <summary>
/// TLS on the HTTP and gRPC listeners (<c>engine serve --http-tls</c>): the binary listener's
/// certificate, client CA and allow-list (<see cref="ServerTlsOptions"/>), checked in the handshake.
/// The binary listener refuses a certificate off the allow-list after the handshake, in an Error
/// frame its client can read; HTTP has no such frame before a request, so here a certificate
/// that is missing, does not chain to the client CA or is not on the allow-list fails the
/// handshake itself: the client sees a TLS alert, the refusal is logged (rate-limited) and counted
/// in <c>engine_connections_refused_total{listener="http"|"grpc"}</c>.
/// </summary>
internal sealed class HttpListenerTls
{
    private readonly ServerTlsOptions _tls;
    private readonly SslStreamCertificateContext _certificate;
    private readonly X509ChainPolicy? _clientPolicy;
    private readonly ILogger _logger;
    private readonly EngineMetrics _metrics;

    public HttpListenerTls(ServerTlsOptions tls, ILogger logger, EngineMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(tls);
        _tls = tls;
        _logger = logger;
        _metrics = metrics;

        // Built once: the certificate context caches the server's chain for every handshake.
        _certificate = tls.CreateCertificateContext();
        _clientPolicy = tls.CreateClientChainPolicy();
    }

    /// <summary>The options of one connection's handshake (<see cref="GatewayHttpOptions.Tls"/>).</summary>
    public SslServerAuthenticationOptions OptionsFor(TlsPeer peer) =>
        ServerTlsOptions.AuthenticationOptions(_certificate, _clientPolicy, _clientPolicy is null ? null : (_, certificate, _, errors) => Admits(peer, certificate, errors));

    // The chain was built against the client CA alone (CreateClientChainPolicy), for client
    // authentication: any error, or no certificate, fails; then the allow-list decides.
    private bool Admits(TlsPeer peer, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors != SslPolicyErrors.None)
        {
            AuthLog.TlsFailed(_logger, peer.Address, certificate is null ? "no client certificate" : $"client certificate refused ({errors})");
        }
        else if (certificate is X509Certificate2 client && _tls.AllowList.Allows(client))
        {
            return true;
        }
        else
        {
            AuthLog.CertificateNotAllowed(_logger, peer.Address, certificate.Subject);
        }

        _metrics.ConnectionRefused(peer.Listener);
        return false;
    }
}
