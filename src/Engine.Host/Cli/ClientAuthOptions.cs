using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Engine.Protocol;
using Engine.Protocol.Client;

namespace Engine.Host.Cli;

/// <summary>
/// The client side of "who may ask", shared by <c>engine query</c>, <c>engine stats</c> and
/// <c>engine check --connect</c>: TLS (<c>--tls</c>, <c>--tls-ca</c>, <c>--tls-cert/--tls-key</c>,
/// <c>--tls-server-name</c>) and the token (<c>--auth-token-file</c>).
/// </summary>
internal static class ClientAuthOptions
{
    public static readonly string[] Names = ["--tls-ca", "--tls-cert", "--tls-key", "--tls-server-name", "--auth-token-file"];

    public const string Flag = "--tls";

    public const string Usage = """
          --tls                    connect with TLS (implied by the --tls-* options below); the
                                   server's certificate must be valid for the --connect host
          --tls-ca FILE.pem        trust the server's certificate only if this CA signed it (not
                                   the system's roots)
          --tls-cert FILE.pem      the client certificate, for a server with --tls-client-ca
          --tls-key FILE.pem       its private key
          --tls-server-name NAME   the name to check the server's certificate against (default:
                                   the --connect host)
          --auth-token-file FILE   the server's shared secret (its --auth-token-file), sent in a
                                   Hello frame before anything else
        """;

    /// <exception cref="UsageException">A file cannot be used or the options do not fit together.</exception>
    public static EngineClientOptions? Parse(CommandLine line, ListenAddress address)
    {
        ReadOnlyMemory<byte> token = ReadToken(line.One("--auth-token-file"));
        SslClientAuthenticationOptions? tls = ParseTls(line, address);
        return tls is null && token.IsEmpty ? null : new EngineClientOptions { Tls = tls, AuthToken = token };
    }

    private static SslClientAuthenticationOptions? ParseTls(CommandLine line, ListenAddress address)
    {
        string? caPath = line.One("--tls-ca");
        string? certPath = line.One("--tls-cert");
        string? keyPath = line.One("--tls-key");
        string? serverName = line.One("--tls-server-name");
        if (!line.Has(Flag) && caPath is null && certPath is null && keyPath is null && serverName is null)
        {
            return null;
        }

        if (address.IsUnix)
        {
            throw new UsageException("TLS is for a TCP --connect address; a unix socket is protected by its mode");
        }

        if ((certPath is null) != (keyPath is null))
        {
            throw new UsageException("a client certificate needs both --tls-cert FILE.pem and --tls-key FILE.pem");
        }

        try
        {
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = serverName ?? (address.EndPoint as IPEndPoint)?.Address.ToString(),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            };
            if (caPath is not null)
            {
                var policy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    RevocationMode = X509RevocationMode.NoCheck,
                };
                policy.CustomTrustStore.ImportFromPemFile(caPath);
                options.CertificateChainPolicy = policy;
            }

            if (certPath is not null)
            {
                options.ClientCertificates = [X509Certificate2.CreateFromPemFile(certPath, keyPath)];
            }

            return options;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot use the TLS files ({caPath ?? certPath}): {e.Message}");
        }
    }

    private static ReadOnlyMemory<byte> ReadToken(string? path)
    {
        if (path is null)
        {
            return default;
        }

        try
        {
            byte[] content = File.ReadAllBytes(path);
            ReadOnlySpan<byte> token = content.AsSpan().Trim(" \t\r\n"u8);
            if (token.IsEmpty || token.Length > ProtocolConstants.MaxTokenLength)
            {
                throw new UsageException($"--auth-token-file `{path}` must hold a token of 1 to {ProtocolConstants.MaxTokenLength} bytes");
            }

            return token.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--auth-token-file: {e.Message}");
        }
    }
}
