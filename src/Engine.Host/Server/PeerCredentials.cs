using System.Buffers.Binary;
using System.Net.Sockets;

namespace Engine.Host.Server;

/// <summary>
/// The user and group of the process at the other end of a Unix socket, as the kernel saw them at
/// connect (<c>SO_PEERCRED</c>, Linux): what the uid/gid allow-list and the per-peer limit go by.
/// </summary>
internal static class PeerCredentials
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>Reads the peer's uid and gid; false when the platform or the socket cannot say.</summary>
    public static bool TryRead(Socket socket, out uint uid, out uint gid)
    {
        uid = 0;
        gid = 0;

        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        Span<byte> credentials = stackalloc byte[12];
        try
        {
            if (!OperatingSystem.IsLinux() || socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials) != credentials.Length)
            {
                return false;
            }
        }
        catch (SocketException)
        {
            return false;
        }

        uid = BinaryPrimitives.ReadUInt32LittleEndian(credentials[4..]);
        gid = BinaryPrimitives.ReadUInt32LittleEndian(credentials[8..]);
        return true;
    }
}
