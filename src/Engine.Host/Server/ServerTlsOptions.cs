using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Engine.Host.Server;

/// <summary>
/// TLS for a TCP listener (<c>engine serve --tls-cert/--tls-key</c>): the server's certificate and,
/// when <see cref="ClientCertificateAuthorities"/> is set, the client certificates it requires
/// (<c>--tls-client-ca</c>) and which of them it serves (<c>--tls-allow-subject</c>,
/// <c>--tls-allow-san</c>). Not for a Unix socket, which its file mode and the peer uid/gid
/// allow-list protect (<see cref="ServerOptions.AllowedPeerUids"/>).
/// </summary>
public sealed record ServerTlsOptions
{
    /// <summary>The server's certificate, with its private key.</summary>
    public required X509Certificate2 ServerCertificate { get; init; }

    /// <summary>
    /// Intermediate certificates sent with <see cref="ServerCertificate"/> (the rest of the PEM file
    /// after the leaf); empty when the leaf is signed by the root itself.
    /// </summary>
    public X509Certificate2Collection ServerChain { get; init; } = [];

    /// <summary>
    /// The CAs that sign client certificates; when set, a client must present a certificate for
    /// client authentication that chains to one of them (and only to them: the system's roots are
    /// not trusted for clients). Null: no client certificate is asked for.
    /// </summary>
    public X509Certificate2Collection? ClientCertificateAuthorities { get; init; }

    /// <summary>The allow-list of client certificates; empty: any certificate the CA signed is served.</summary>
    public ClientCertificateAllowList AllowList { get; init; } = ClientCertificateAllowList.Empty;

    /// <summary>Whether clients must present a certificate (<see cref="ClientCertificateAuthorities"/> is set).</summary>
    public bool RequiresClientCertificate => ClientCertificateAuthorities is { Count: > 0 };

    /// <summary>The options of every handshake, built once: the certificate context caches the chain.</summary>
    internal SslServerAuthenticationOptions CreateAuthenticationOptions(RemoteCertificateValidationCallback? validate) =>
        AuthenticationOptions(CreateCertificateContext(), CreateClientChainPolicy(), validate);

    /// <summary>The server certificate with its chain, for <see cref="AuthenticationOptions"/>; build it once per listener.</summary>
    internal SslStreamCertificateContext CreateCertificateContext() => SslStreamCertificateContext.Create(ServerCertificate, ServerChain, offline: true);

    /// <summary>
    /// How a client certificate is checked: chained to <see cref="ClientCertificateAuthorities"/>
    /// alone, for client authentication; null when none is asked for.
    /// </summary>
    internal X509ChainPolicy? CreateClientChainPolicy()
    {
        if (!RequiresClientCertificate)
        {
            return null;
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(ClientCertificateAuthorities!);
        policy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2")); // clientAuth
        return policy;
    }

    /// <summary>A handshake's options: the binary listener builds one for every connection, the HTTP listeners one per connection with its own validation callback.</summary>
    internal static SslServerAuthenticationOptions AuthenticationOptions(SslStreamCertificateContext certificate, X509ChainPolicy? clientPolicy, RemoteCertificateValidationCallback? validate)
    {
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate,
            ClientCertificateRequired = clientPolicy is not null,
            // A private CA has no revocation list to fetch; the allow-list and short-lived certificates stand in.
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };

        if (clientPolicy is not null)
        {
            options.CertificateChainPolicy = clientPolicy;
            options.RemoteCertificateValidationCallback = validate;
        }

        return options;
    }
}
