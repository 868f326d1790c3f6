using System.Net;
using Engine.Protocol;

namespace Engine.Host.Cli;

/// <summary>
/// Which listen addresses other hosts can reach (issue #14 finding 7): a TCP address that is not a
/// loopback address (<c>0.0.0.0</c>, <c>::</c>, a real interface). A Unix socket is guarded by its
/// file mode and the peer allow-list, loopback by the host.
/// </summary>
internal static class ListenExposure
{
    /// <summary>Whether <paramref name="address"/> accepts connections from other hosts.</summary>
    public static bool IsExposed(ListenAddress address) =>
        !address.IsUnix && address.EndPoint is IPEndPoint ip && !IPAddress.IsLoopback(ip.Address);
}
