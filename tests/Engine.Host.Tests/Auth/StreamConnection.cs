using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Engine.Host.Tests.Server;
using Engine.Protocol;

namespace Engine.Host.Tests.Auth;

/// <summary>
/// A blocking client over a plain or TLS stream that sends raw frames and reads whole ones, for the
/// tests that must see exactly what a refused connection is sent (and that it is never a Decision).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class StreamConnection : FrameConnection
{
    private readonly Socket _socket;

    private StreamConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        Stream = stream;
    }

    public Stream Stream { get; }

    public static StreamConnection Plain(ListenAddress address) => Open(address, null);

    /// <summary>Connects and runs the TLS handshake, trusting <paramref name="authority"/> for the server.</summary>
    public static StreamConnection Tls(ListenAddress address, X509Certificate2 authority, X509Certificate2? clientCertificate) =>
        Open(address, stream =>
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            tls.AuthenticateAsClient(WhoMayAskTests.ClientTls(authority, clientCertificate));
            return tls;
        });

    public void Send(ReadOnlySpan<byte> bytes)
    {
        Stream.Write(bytes);
        Stream.Flush();
    }

    /// <summary>Every frame until the server closes (a reset or a TLS failure counts as the close).</summary>
    public List<ServerResponse> ReadUntilClosed()
    {
        var responses = new List<ServerResponse>();
        try
        {
            while (ReadResponse() is { } response)
            {
                responses.Add(response);
            }
        }
        catch (IOException)
        {
            // Reset, or the TLS layer's alert: closed.
        }

        return responses;
    }

    public override void Dispose()
    {
        Stream.Dispose();
        _socket.Dispose();
    }

    protected override int Read(Span<byte> destination) => Stream.Read(destination);

    private static StreamConnection Open(ListenAddress address, Func<Stream, Stream>? wrap)
    {
        Socket socket = OpenSocket(address);
        try
        {
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            return new StreamConnection(socket, wrap?.Invoke(stream) ?? stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
