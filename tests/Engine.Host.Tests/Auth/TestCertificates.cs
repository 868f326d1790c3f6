using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Engine.Host.Tests.Auth;

/// <summary>
/// A throwaway PKI made at test time with <see cref="CertificateRequest"/> (no openssl): a CA, a
/// server certificate for 127.0.0.1/localhost, client certificates (one on the tests' allow-list,
/// one not) and a client certificate from a second, untrusted CA. Also written as PEM files in a
/// temp folder, for the command-line tests.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class TestCertificates : IDisposable
{
    public const string AllowedSubject = "CN=billing, O=Engine Tests";
    public const string AllowedSan = "spiffe://engine.test/billing";

    private TestCertificates(string directory)
    {
        Directory = directory;
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Engine Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using ECDsa otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherRequest = new CertificateRequest("CN=Some Other CA", otherKey, HashAlgorithmName.SHA256);
        otherRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        otherRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using X509Certificate2 otherAuthority = otherRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        var serverNames = new SubjectAlternativeNameBuilder();
        serverNames.AddIpAddress(IPAddress.Loopback);
        serverNames.AddDnsName("localhost");
        Server = Issue(Authority, caKey, "CN=localhost", serverNames, "1.3.6.1.5.5.7.3.1");

        var billingNames = new SubjectAlternativeNameBuilder();
        billingNames.AddDnsName("billing.internal");
        billingNames.AddUri(new Uri(AllowedSan));
        AllowedClient = Issue(Authority, caKey, AllowedSubject, billingNames, "1.3.6.1.5.5.7.3.2");

        var intruderNames = new SubjectAlternativeNameBuilder();
        intruderNames.AddDnsName("intruder.internal");
        UnlistedClient = Issue(Authority, caKey, "CN=intruder, O=Engine Tests", intruderNames, "1.3.6.1.5.5.7.3.2");

        // On the allow-list by name, but signed by a CA the server does not trust.
        ForeignClient = Issue(otherAuthority, otherKey, AllowedSubject, billingNames, "1.3.6.1.5.5.7.3.2");

        Write("ca.pem", Authority.ExportCertificatePem());
        Write("server.pem", Server.ExportCertificatePem());
        Write("server-key.pem", Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        Write("client.pem", AllowedClient.ExportCertificatePem());
        Write("client-key.pem", AllowedClient.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public string Directory { get; }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 AllowedClient { get; }

    public X509Certificate2 UnlistedClient { get; }

    public X509Certificate2 ForeignClient { get; }

    public static TestCertificates Create() => new(System.IO.Directory.CreateTempSubdirectory("engine-tls-").FullName);

    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>An HTTP handler that trusts this CA alone for the server and presents <paramref name="certificate"/> (if any) as the client.</summary>
    public SocketsHttpHandler ClientHandler(X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, server, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.Add(Authority);
            return server is X509Certificate2 leaf && chain.Build(leaf);
        };
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        return handler;
    }

    public void Dispose()
    {
        foreach (X509Certificate2 certificate in (X509Certificate2[])[Authority, Server, AllowedClient, UnlistedClient, ForeignClient])
        {
            certificate.Dispose();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private void Write(string file, string pem)
    {
        File.WriteAllText(PathOf(file), pem);
        File.SetUnixFileMode(PathOf(file), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    // A certificate with its private key, re-imported from PKCS#12 so that SslStream can use the key.
    private static X509Certificate2 Issue(X509Certificate2 issuer, ECDsa issuerKey, string subject, SubjectAlternativeNameBuilder names, string usage)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(names.Build());
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using X509Certificate2 signed = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), serial);
        using X509Certificate2 withKey = signed.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
