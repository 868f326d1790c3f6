using System.Net.Sockets;
using Engine.Protocol;
using Engine.Protocol.Client;

namespace Engine.Host.Cli;

/// <summary>Shared by the client commands: connect, make one call, turn connection failures into usage errors.</summary>
internal static class ServerConnect
{
    public const string DefaultAddress = "127.0.0.1:7070";

    public static T Call<T>(string address, Func<EngineClient, Task<T>> call)
    {
        if (!ListenAddress.TryParse(address, out ListenAddress? parsed))
        {
            throw new UsageException($"--connect takes HOST:PORT or unix:PATH, not `{address}`");
        }

        return CallAsync(parsed!, call).GetAwaiter().GetResult();
    }

    /// <summary>Connects for many calls; connection failures become usage errors.</summary>
    public static EngineClient Connect(string address)
    {
        if (!ListenAddress.TryParse(address, out ListenAddress? parsed))
        {
            throw new UsageException($"--connect takes HOST:PORT or unix:PATH, not `{address}`");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            return EngineClient.ConnectAsync(parsed!, null, timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            throw new UsageException($"cannot connect to the server at `{address}`: {e.Message}");
        }
    }

    private static async Task<T> CallAsync<T>(ListenAddress address, Func<EngineClient, Task<T>> call)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await using EngineClient client = await EngineClient.ConnectAsync(address, null, timeout.Token).ConfigureAwait(false);
            return await call(client).WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        // ArgumentException: the client refused to encode the question (a frame over any server's limit).
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or EngineServerException or ArgumentException)
        {
            throw new UsageException($"cannot query the server at `{address}`: {e.Message}");
        }
    }
}
