using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Engine.Protocol.Client;

// Connecting and reconnecting: one connect at a time; after a failed attempt the next waits a
// delay that doubles from MinReconnectDelay up to MaxReconnectDelay, and resets on success.
public sealed partial class EngineClient
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private ClientConnection? _connection;
    private TimeSpan _reconnectDelay;
    private long _lastFailure;

    private ValueTask<ClientConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        ClientConnection? connection = Volatile.Read(ref _connection);
        return connection is { IsClosed: false }
            ? new ValueTask<ClientConnection>(connection)
            : new ValueTask<ClientConnection>(ReconnectAsync(cancellationToken));
    }

    private async Task<ClientConnection> ReconnectAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (Volatile.Read(ref _connection) is { IsClosed: false } live)
            {
                return live;
            }

            TimeSpan wait = _reconnectDelay - Stopwatch.GetElapsedTime(_lastFailure);
            if (_reconnectDelay > TimeSpan.Zero && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            Socket socket;
            Stream? tls;
            try
            {
                socket = await OpenSocketAsync(Address, cancellationToken).ConfigureAwait(false);
                tls = await ConnectionHandshake.RunAsync(socket, Address, Options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or AuthenticationException or EngineServerException or InvalidDataException)
            {
                _reconnectDelay = _reconnectDelay == TimeSpan.Zero
                    ? Options.MinReconnectDelay
                    : TimeSpan.FromTicks(Math.Min(_reconnectDelay.Ticks * 2, Options.MaxReconnectDelay.Ticks));
                _lastFailure = Stopwatch.GetTimestamp();
                throw new EngineConnectionException($"cannot connect to the engine server at `{Address}`: {e.Message}", e);
            }

            _reconnectDelay = TimeSpan.Zero;
            var connection = new ClientConnection(this, socket, tls);
            connection.Start();
            Volatile.Write(ref _connection, connection);
            return connection;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private static async Task<Socket> OpenSocketAsync(ListenAddress address, CancellationToken cancellationToken)
    {
        Socket socket = address.IsUnix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(address.EndPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
