using System.Net;
using System.Net.Sockets;

namespace Engine.Host.Server;

/// <summary>
/// The per-peer connection limit (issue #14, finding 5: one client could hold every slot): at
/// most <see cref="ServerOptions.MaxConnectionsPerPeer"/> connections from one IP address on TCP,
/// or from one user id on a Unix socket. A peer over it is refused on accept, as over the server's
/// own limit. Only the accept loop enters; closing connections leave from any thread.
/// </summary>
internal sealed class PeerConnectionLimit
{
    private readonly int _perPeer;
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public PeerConnectionLimit(int perPeer) => _perPeer = perPeer;

    /// <summary>
    /// Who the connection is from, for the limit and the log: the IP address (IPv4-mapped IPv6
    /// addresses as IPv4, so one client counts once whichever way it connects), or the peer's uid.
    /// </summary>
    public static string PeerOf(Socket socket, bool unix)
    {
        if (unix)
        {
            // Peers whose credentials cannot be read share one count: they are not let off the limit.
            return PeerCredentials.TryRead(socket, out uint uid, out _) ? $"uid {uid}" : "unix peer";
        }

        IPAddress? address = (socket.RemoteEndPoint as IPEndPoint)?.Address;
        if (address is null)
        {
            return "unknown peer";
        }

        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    /// <summary>Counts a connection of <paramref name="peer"/>; false (nothing counted) when it is at the limit.</summary>
    public bool TryEnter(string peer)
    {
        lock (_lock)
        {
            _open.TryGetValue(peer, out int open);
            if (open >= _perPeer)
            {
                return false;
            }

            _open[peer] = open + 1;
            return true;
        }
    }

    /// <summary>Forgets one connection of <paramref name="peer"/>.</summary>
    public void Leave(string peer)
    {
        lock (_lock)
        {
            if (_open.TryGetValue(peer, out int open))
            {
                if (open <= 1)
                {
                    _open.Remove(peer);
                }
                else
                {
                    _open[peer] = open - 1;
                }
            }
        }
    }
}
