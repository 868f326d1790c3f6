using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Engine.Host.Server;

namespace Engine.Host.Cli;

/// <summary>
/// The "who may ask" options of <c>engine serve</c> (docs/server.md, "Running it safely"):
/// <c>--tls-cert/--tls-key</c> (PEM), <c>--tls-client-ca</c>, <c>--tls-allow-subject</c>,
/// <c>--tls-allow-san</c> and <c>--auth-token-file</c>.
/// </summary>
internal static class ServeAuthOptions
{
    public static readonly string[] Names = ["--tls-cert", "--tls-key", "--tls-client-ca", "--tls-allow-subject", "--tls-allow-san", "--auth-token-file"];

    /// <exception cref="UsageException">The options do not fit together or a file cannot be used.</exception>
    public static ServerTlsOptions? ParseTls(CommandLine line)
    {
        string? certPath = line.One("--tls-cert");
        string? keyPath = line.One("--tls-key");
        string? caPath = line.One("--tls-client-ca");
        IReadOnlyList<string> subjects = line.All("--tls-allow-subject");
        IReadOnlyList<string> sans = line.All("--tls-allow-san");
        if (certPath is null && keyPath is null)
        {
            if (caPath is not null || subjects.Count > 0 || sans.Count > 0)
            {
                throw new UsageException("--tls-client-ca, --tls-allow-subject and --tls-allow-san need TLS: add --tls-cert and --tls-key");
            }

            return null;
        }

        if (certPath is null || keyPath is null)
        {
            throw new UsageException("TLS needs both --tls-cert FILE.pem and --tls-key FILE.pem");
        }

        if (caPath is null && (subjects.Count > 0 || sans.Count > 0))
        {
            throw new UsageException("--tls-allow-subject and --tls-allow-san check client certificates: add --tls-client-ca");
        }

        try
        {
            X509Certificate2 server = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(certPath);
            chain.RemoveAt(0);
            X509Certificate2Collection? authorities = null;
            if (caPath is not null)
            {
                authorities = [];
                authorities.ImportFromPemFile(caPath);
                if (authorities.Count == 0)
                {
                    throw new UsageException($"--tls-client-ca `{caPath}` holds no PEM certificate");
                }
            }

            return new ServerTlsOptions
            {
                ServerCertificate = server,
                ServerChain = chain,
                ClientCertificateAuthorities = authorities,
                AllowList = new ClientCertificateAllowList(subjects, sans),
            };
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"cannot use the TLS certificate `{certPath}` with key `{keyPath}`{(caPath is null ? "" : $" and client CA `{caPath}`")}: {e.Message}");
        }
    }

    /// <exception cref="UsageException">The token file cannot be used.</exception>
    public static SharedSecret? ParseToken(CommandLine line)
    {
        if (line.One("--auth-token-file") is not { } path)
        {
            return null;
        }

        try
        {
            return SharedSecret.Load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--auth-token-file: {e.Message}");
        }
    }
}
