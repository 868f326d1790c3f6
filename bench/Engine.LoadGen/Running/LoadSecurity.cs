using System.Buffers;
using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Engine.LoadGen.Cli;
using Engine.Protocol;

namespace Engine.LoadGen.Running;

/// <summary>
/// TLS and the token for a binary run against a server started with <c>--tls-cert</c> or
/// <c>--auth-token-file</c> (<c>--tls</c>, <c>--tls-ca</c>, <c>--tls-cert/--tls-key</c>,
/// <c>--auth-token-file</c>), so that what TLS costs per request can be measured. The handshakes
/// run once per connection, before the measured load.
/// </summary>
internal sealed class LoadSecurity
{
    private LoadSecurity(SslClientAuthenticationOptions? tls, byte[]? token)
    {
        Tls = tls;
        Token = token;
    }

    public SslClientAuthenticationOptions? Tls { get; }

    public byte[]? Token { get; }

    /// <summary>Builds the options from the command line's files; null when none was given.</summary>
    /// <exception cref="UsageException">A file cannot be used.</exception>
    public static LoadSecurity? Create(bool tls, string? caPath, string? certPath, string? keyPath, string? serverName, string? tokenPath)
    {
        tls |= caPath is not null || certPath is not null || serverName is not null;
        if (!tls && tokenPath is null)
        {
            return null;
        }

        if ((certPath is null) != (keyPath is null))
        {
            throw new UsageException("a client certificate needs both --tls-cert and --tls-key");
        }

        try
        {
            SslClientAuthenticationOptions? options = null;
            if (tls)
            {
                options = new SslClientAuthenticationOptions { TargetHost = serverName ?? "localhost", CertificateRevocationCheckMode = X509RevocationMode.NoCheck };
                if (caPath is not null)
                {
                    var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
                    policy.CustomTrustStore.ImportFromPemFile(caPath);
                    options.CertificateChainPolicy = policy;
                }

                if (certPath is not null)
                {
                    options.ClientCertificates = [X509Certificate2.CreateFromPemFile(certPath, keyPath)];
                }
            }

            byte[]? token = tokenPath is null ? null : File.ReadAllBytes(tokenPath).AsSpan().Trim(" \t\r\n"u8).ToArray();
            return new LoadSecurity(options, token);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new UsageException($"cannot use the TLS or token files: {e.Message}");
        }
    }

    /// <summary>Runs the TLS handshake and the Hello on a connected socket.</summary>
    /// <returns>The TLS stream to use instead of the socket, or null for plain TCP.</returns>
    public async Task<Stream?> HandshakeAsync(Socket socket, ServerAddress address, CancellationToken cancellation)
    {
        SslStream? tls = null;
        try
        {
            if (Tls is not null)
            {
                tls = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(Tls, cancellation).ConfigureAwait(false);
            }

            if (Token is not null)
            {
                Stream stream = tls ?? (Stream)new NetworkStream(socket, ownsSocket: false);
                var hello = new ArrayBufferWriter<byte>();
                FrameWriter.WriteHello(hello, 1, Token);
                await stream.WriteAsync(hello.WrittenMemory, cancellation).ConfigureAwait(false);
                byte[] header = new byte[ProtocolConstants.HeaderSize];
                await stream.ReadExactlyAsync(header, cancellation).ConfigureAwait(false);
                int length = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(header), (uint)ProtocolLimits.Default.MaxFrameSize);
                byte[] frame = new byte[ProtocolConstants.LengthPrefixSize + Math.Max(length, ProtocolConstants.MinLengthPrefixValue)];
                header.CopyTo(frame, 0);
                await stream.ReadExactlyAsync(frame.AsMemory(ProtocolConstants.HeaderSize), cancellation).ConfigureAwait(false);
                var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(frame));
                ResponseReader.TryReadResponse(ref reader, ProtocolLimits.Default, out ServerResponse? response);
                if (response is not PongResponse)
                {
                    throw new LoadGenException($"server at `{address}` refused the auth token: {(response as ErrorResponse)?.Message ?? "no Pong"}");
                }
            }

            return tls;
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or InvalidDataException)
        {
            if (tls is not null)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }

            throw new LoadGenException($"handshake with `{address}` failed: {e.Message}");
        }
    }
}
