using System.Buffers;
using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Engine.Protocol;
using Microsoft.Extensions.Logging;

namespace Engine.Host.Server;

/// <summary>
/// Who may ask (issue #14 finding 7): what a new connection must pass before its
/// <see cref="ServerConnection"/> exists — the TLS handshake (with a client certificate from the
/// client CA on the allow-list, when configured) and then, with a token, a first frame that is a
/// Hello carrying it (docs/wire-protocol.md §10). Runs off the accept loop, within the frame
/// deadline; a connection that fails is logged (rate-limited), counted as
/// <see cref="StatsCounter.ErrorsUnauthorized"/>, told why in an Unauthorized Error frame when the
/// protocol got that far, and closed. Nothing it reads is ever decided.
/// </summary>
internal sealed class ConnectionAuthenticator
{
    // How long a refused connection is read and discarded after its Error frame, so that the
    // kernel does not reset the connection (and destroy the frame) over unread bytes.
    private static readonly TimeSpan s_linger = TimeSpan.FromSeconds(1);
    private const int LingerBytes = 64 * 1024;

    private readonly ServerTlsOptions? _tls;
    private readonly SslServerAuthenticationOptions? _tlsOptions;
    private readonly SharedSecret? _secret;
    private readonly PolicySourceHolder _policies;
    private readonly ILogger _logger;
    private readonly TimeSpan _deadline;
    private long _refused;

    public ConnectionAuthenticator(ServerTlsOptions? tls, SharedSecret? secret, PolicySourceHolder policies, ILogger logger, TimeSpan deadline)
    {
        _tls = tls;
        _secret = secret;
        _policies = policies;
        _logger = logger;

        // The handshake is bounded even when frames are not (--frame-deadline infinite).
        _deadline = deadline == Timeout.InfiniteTimeSpan ? TimeSpan.FromSeconds(10) : deadline;
        _tlsOptions = tls?.CreateAuthenticationOptions(ValidateClientCertificate);
    }

    /// <summary>Connections refused so far (the Stats counter <see cref="StatsCounter.ErrorsUnauthorized"/>).</summary>
    public long Refused => Volatile.Read(ref _refused);

    /// <summary>The token, for a reload to re-read; null without <c>--auth-token-file</c>.</summary>
    public SharedSecret? Secret => _secret;

    /// <summary>
    /// Runs the handshakes on an accepted socket.
    /// </summary>
    /// <returns>The stream to serve the connection on (TLS or plain), or null when the connection was refused and closed.</returns>
    public async Task<Stream?> AuthenticateAsync(Socket socket, string peer, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(_deadline);
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            if (_tlsOptions is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                if (!await AuthenticateTlsAsync(tls, peer, deadline.Token).ConfigureAwait(false))
                {
                    return await RefuseAsync(socket, stream, null).ConfigureAwait(false);
                }

                if (_tls!.RequiresClientCertificate && !IsOnAllowList(tls, peer))
                {
                    // After the handshake, so the refusal can travel as a frame the client reads.
                    return await RefuseAsync(socket, stream, Unauthorized(0, "client certificate not on the allow-list"u8)).ConfigureAwait(false);
                }
            }

            if (_secret is not null)
            {
                byte[]? refusal = await ReadHelloAsync(stream, peer, deadline.Token).ConfigureAwait(false);
                if (refusal is not null)
                {
                    return await RefuseAsync(socket, stream, refusal).ConfigureAwait(false);
                }
            }

            return stream;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Gone, or silent past the deadline: nothing to tell it.
            if (!stopping.IsCancellationRequested)
            {
                AuthLog.Unauthorized(_logger, peer, e is OperationCanceledException ? "no handshake within the deadline" : "closed during the handshake");
            }

            return await RefuseAsync(socket, stream, null).ConfigureAwait(false);
        }
    }

    private async Task<bool> AuthenticateTlsAsync(SslStream tls, string peer, CancellationToken cancellationToken)
    {
        try
        {
            await tls.AuthenticateAsServerAsync(_tlsOptions!, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AuthenticationException e)
        {
            AuthLog.TlsFailed(_logger, peer, e.InnerException?.Message ?? e.Message);
            return false;
        }
    }

    // The chain was built against the client CA alone (ServerTlsOptions: custom root trust), for
    // client authentication: any error, or no certificate, fails the handshake.
    private static bool ValidateClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None && certificate is not null;

    private bool IsOnAllowList(SslStream tls, string peer)
    {
        if (tls.RemoteCertificate is X509Certificate2 client && _tls!.AllowList.Allows(client))
        {
            return true;
        }

        AuthLog.CertificateNotAllowed(_logger, peer, tls.RemoteCertificate?.Subject ?? "(none)");
        return false;
    }

    // Null when the first frame is a Hello with the token (answered with a Pong); otherwise the
    // Unauthorized Error frame to send. Reads exactly that frame, so queries pipelined behind the
    // Hello stay in the stream for the connection.
    private async Task<byte[]?> ReadHelloAsync(Stream stream, string peer, CancellationToken cancellationToken)
    {
        byte[] header = new byte[ProtocolConstants.HeaderSize];
        await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        bool isProtocol = header[4] == ProtocolConstants.Magic;
        ulong requestId = isProtocol ? BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(8)) : 0;
        const uint MaxHelloLength = ProtocolConstants.MinLengthPrefixValue + sizeof(ushort) + ProtocolConstants.MaxTokenLength;
        if (!isProtocol || header[5] != ProtocolConstants.Version || header[6] != (byte)FrameType.Hello || header[7] != 0
            || length < ProtocolConstants.MinLengthPrefixValue + sizeof(ushort) || length > MaxHelloLength)
        {
            AuthLog.Unauthorized(_logger, peer, "the first frame was not a Hello");
            return Unauthorized(requestId, "a Hello frame with the auth token must come first"u8);
        }

        byte[] body = new byte[length - ProtocolConstants.MinLengthPrefixValue];
        await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        int tokenLength = BinaryPrimitives.ReadUInt16LittleEndian(body);
        if (tokenLength != body.Length - sizeof(ushort) || !_secret!.Matches(body.AsSpan(sizeof(ushort))))
        {
            AuthLog.Unauthorized(_logger, peer, "wrong auth token");
            return Unauthorized(requestId, "wrong auth token"u8);
        }

        var pong = new ArrayBufferWriter<byte>(ProtocolConstants.HeaderSize + ProtocolConstants.PongBodySize);
        FrameWriter.WritePong(pong, requestId, _policies.Current.Revision);
        await stream.WriteAsync(pong.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static byte[] Unauthorized(ulong requestId, ReadOnlySpan<byte> message)
    {
        var frame = new ArrayBufferWriter<byte>(64);
        FrameWriter.WriteError(frame, requestId, ResponseStatus.Unauthorized, closing: true, message);
        return frame.WrittenSpan.ToArray();
    }

    // Counts, tells the client why when it can, lingers briefly (see s_linger), closes. Never throws.
    private async Task<Stream?> RefuseAsync(Socket socket, Stream stream, byte[]? frame)
    {
        Interlocked.Increment(ref _refused);
        try
        {
            if (frame is not null)
            {
                using var linger = new CancellationTokenSource(s_linger);
                await stream.WriteAsync(frame, linger.Token).ConfigureAwait(false);
                await stream.FlushAsync(linger.Token).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Send);
                byte[] discard = ArrayPool<byte>.Shared.Rent(4096);
                try
                {
                    int total = 0;
                    int read;
                    while (total < LingerBytes && (read = await stream.ReadAsync(discard, linger.Token).ConfigureAwait(false)) > 0)
                    {
                        total += read;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(discard);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or AuthenticationException)
        {
            // The client is gone or kept sending past the linger: close anyway.
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            socket.Dispose();
        }

        return null;
    }
}
