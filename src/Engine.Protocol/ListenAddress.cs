using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Engine.Protocol;

/// <summary>
/// Where a server listens or a client connects: <c>HOST:PORT</c> (an IP literal, <c>[::1]:PORT</c>
/// for IPv6, or <c>localhost</c>) or <c>unix:/path/to/socket</c>.
/// </summary>
public sealed record ListenAddress
{
    private const string UnixScheme = "unix:";

    private ListenAddress(EndPoint endPoint, string? unixPath)
    {
        EndPoint = endPoint;
        UnixPath = unixPath;
    }

    /// <summary>The endpoint to bind or connect to.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>The socket file for a Unix socket; null for TCP.</summary>
    public string? UnixPath { get; }

    /// <summary>Whether this is a Unix domain socket.</summary>
    public bool IsUnix => UnixPath is not null;

    /// <summary>The address family for a socket of this address.</summary>
    public AddressFamily AddressFamily => EndPoint.AddressFamily;

    /// <summary>A TCP address.</summary>
    /// <param name="endPoint">The IP endpoint.</param>
    /// <returns>The address.</returns>
    public static ListenAddress Tcp(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return new ListenAddress(endPoint, null);
    }

    /// <summary>A Unix domain socket address.</summary>
    /// <param name="path">The socket file.</param>
    /// <returns>The address.</returns>
    public static ListenAddress Unix(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new ListenAddress(new UnixDomainSocketEndPoint(path), path);
    }

    /// <summary>Parses <c>HOST:PORT</c> or <c>unix:PATH</c>.</summary>
    /// <param name="text">The address text.</param>
    /// <param name="address">The address, when valid.</param>
    /// <returns>False when the text is not an address.</returns>
    public static bool TryParse(string? text, out ListenAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.StartsWith(UnixScheme, StringComparison.Ordinal))
        {
            string path = text[UnixScheme.Length..];
            if (path.Length == 0)
            {
                return false;
            }

            address = Unix(path);
            return true;
        }

        int colon = text.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port > IPEndPoint.MaxPort)
        {
            return false;
        }

        string host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        IPAddress? ip = host == "localhost" ? IPAddress.Loopback : null;
        if (ip is null && !IPAddress.TryParse(host, out ip))
        {
            return false;
        }

        address = Tcp(new IPEndPoint(ip, port));
        return true;
    }

    /// <summary>Parses an address or throws.</summary>
    /// <param name="text">The address text.</param>
    /// <returns>The address.</returns>
    /// <exception cref="FormatException">The text is not <c>HOST:PORT</c> or <c>unix:PATH</c>.</exception>
    public static ListenAddress Parse(string text) =>
        TryParse(text, out ListenAddress? address)
            ? address!
            : throw new FormatException($"`{text}` is not HOST:PORT or unix:PATH");

    /// <summary>The address in the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => UnixPath is { } path ? UnixScheme + path : EndPoint.ToString() ?? string.Empty;
}
