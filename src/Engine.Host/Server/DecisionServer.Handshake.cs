using System.Net.Sockets;

namespace Engine.Host.Server;

// The accept path when TLS or a token is on (ConnectionAuthenticator): the connection holds its
// slot during the handshake (so handshakes count against --max-connections) but is attached, and
// so can be evicted, drained or asked for Stats, only once it has passed.
public sealed partial class DecisionServer
{
    private async Task AuthenticateAndServeAsync(ConnectionAuthenticator authenticator, Socket socket, int slot, string? peerKey)
    {
        Stream? stream = null;
        try
        {
            stream = await authenticator.AuthenticateAsync(socket, socket.RemoteEndPoint?.ToString() ?? "unix peer", _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug here must cost the connection, never the server.
            ServerLog.ConnectionFailed(Logger, 0, e);
            socket.Dispose();
        }

        if (stream is null)
        {
            _registry.ReleaseUnattached(slot);
            if (peerKey is not null)
            {
                _peers?.Leave(peerKey);
            }

            return;
        }

        var connection = new ServerConnection(this, socket, stream, slot, Interlocked.Increment(ref _nextConnectionId), peerKey);
        _registry.Attach(slot, connection);
        Metrics.ConnectionOpened();
        connection.Start();
        if (_stopping.IsCancellationRequested)
        {
            // Passed while the server began to stop, after the drain's snapshot: drain it too.
            connection.BeginDrain();
        }
    }

    // On reload (SIGHUP): a rotated token takes effect for new connections; connections already
    // admitted stay. A file that cannot be read keeps the token in use.
    private void ReloadAuthToken()
    {
        if (_authenticator?.Secret is not { } secret)
        {
            return;
        }

        try
        {
            secret.Reload();
            AuthLog.TokenReloaded(Logger, secret.FilePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AuthLog.TokenReloadFailed(Logger, secret.FilePath, e);
        }
    }
}
