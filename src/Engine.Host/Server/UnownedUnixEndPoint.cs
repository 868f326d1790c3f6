using System.Net;
using System.Net.Sockets;

namespace Engine.Host.Server;

/// <summary>
/// A Unix socket address that a <see cref="Socket"/> does not treat as its file: bound with a
/// <see cref="UnixDomainSocketEndPoint"/>, a socket deletes the path when disposed, whatever is
/// there by then (another server's socket, issue #14 finding 1). Bound with this one it leaves the
/// path alone, and <see cref="UnixSocketFile"/> deletes the file only if it is still its own.
/// </summary>
internal sealed class UnownedUnixEndPoint(string path) : EndPoint
{
    private readonly UnixDomainSocketEndPoint _inner = new(path);

    /// <inheritdoc/>
    public override AddressFamily AddressFamily => AddressFamily.Unix;

    /// <inheritdoc/>
    public override SocketAddress Serialize() => _inner.Serialize();

    /// <inheritdoc/>
    public override EndPoint Create(SocketAddress socketAddress) => _inner.Create(socketAddress);

    /// <inheritdoc/>
    public override string ToString() => _inner.ToString();
}
