using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Engine.LoadGen.Cli;

/// <summary>
/// A loopback address to load: <c>HOST:PORT</c> where HOST is <c>127.0.0.1</c> (any 127/8 address),
/// <c>[::1]</c> or <c>localhost</c>, or <c>unix:/path/to/socket</c>. Anything else is refused: a load
/// generator pointed at a remote host by mistake is a denial-of-service tool.
/// </summary>
internal sealed record ServerAddress
{
    private const string UnixScheme = "unix:";

    private ServerAddress(EndPoint endPoint, string text)
    {
        EndPoint = endPoint;
        Text = text;
    }

    /// <summary>The endpoint to connect to.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>The address as the user wrote it (for messages).</summary>
    public string Text { get; }

    /// <summary>Whether this is a Unix domain socket.</summary>
    public bool IsUnix => EndPoint is UnixDomainSocketEndPoint;

    /// <summary>Parses an address, checking that it is loopback.</summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The address when valid.</param>
    /// <param name="error">Why it is not, when not.</param>
    /// <returns>Whether the text is a loopback address.</returns>
    public static bool TryParse(string text, out ServerAddress? address, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = null;
        error = null;
        if (text.StartsWith(UnixScheme, StringComparison.Ordinal))
        {
            string path = text[UnixScheme.Length..];
            if (path.Length == 0)
            {
                error = $"bad address `{text}`: `unix:` needs a socket path, as in `unix:/tmp/engine.sock`";
                return false;
            }

            address = new ServerAddress(new UnixDomainSocketEndPoint(path), text);
            return true;
        }

        int colon = text.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port is 0 or > IPEndPoint.MaxPort)
        {
            error = $"bad address `{text}`: expected `HOST:PORT` (port 1-65535) or `unix:/path`";
            return false;
        }

        string host = text[..colon];
        if (host.Length > 2 && host[0] == '[' && host[^1] == ']')
        {
            host = host[1..^1];
        }

        IPAddress? ip;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            ip = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out ip))
        {
            error = $"bad address `{text}`: `{host}` is not an IP address (use 127.0.0.1, [::1] or localhost)";
            return false;
        }

        if (!IPAddress.IsLoopback(ip))
        {
            error = $"`{text}` is not a loopback address: the load generator only connects to 127.0.0.1, ::1, localhost or a unix socket";
            return false;
        }

        address = new ServerAddress(new IPEndPoint(ip, port), text);
        return true;
    }

    /// <summary>Opens a connected socket, with a clear message when the server is not there.</summary>
    /// <param name="timeout">How long to wait for the connection.</param>
    /// <param name="cancellation">Stops the attempt.</param>
    /// <returns>The connected socket.</returns>
    /// <exception cref="LoadGenException">Refused, unreachable or timed out.</exception>
    public async Task<Socket> ConnectAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        var socket = new Socket(EndPoint.AddressFamily, SocketType.Stream, IsUnix ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            if (!IsUnix)
            {
                socket.NoDelay = true;
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(timeout);
            await socket.ConnectAsync(EndPoint, deadline.Token).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new LoadGenException(e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"connection refused at `{Text}`: is `engine serve` running there? (or use --spawn)",
                SocketError.AddressNotAvailable or SocketError.HostUnreachable or SocketError.NetworkUnreachable =>
                    $"server at `{Text}` is unreachable ({e.SocketErrorCode})",
                _ when IsUnix => $"cannot connect to `{Text}`: {e.Message} (is `engine serve --listen {Text}` running?)",
                _ => $"cannot connect to `{Text}`: {e.Message}",
            });
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            socket.Dispose();
            throw new LoadGenException($"server at `{Text}` did not accept a connection within {timeout.TotalSeconds:0.#} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
