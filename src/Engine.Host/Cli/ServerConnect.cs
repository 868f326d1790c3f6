using System.Net.Sockets;
using Engine.Protocol;
using Engine.Protocol.Client;

namespace Engine.Host.Cli;

/// <summary>Shared by the client commands: connect, make one call, turn connection failures into usage errors.</summary>
internal static class ServerConnect
{
    public const string DefaultAddress = "127.0.0.1:7070";

    /// <summary>Connects to <c>--connect</c> (with the TLS and token options of <see cref="ClientAuthOptions"/>) for one call.</summary>
    public static T Call<T>(CommandLine line, Func<EngineClient, Task<T>> call)
    {
        string address = line.One("--connect") ?? DefaultAddress;
        ListenAddress parsed = Parse(address);
        return CallAsync(parsed, ClientAuthOptions.Parse(line, parsed), call).GetAwaiter().GetResult();
    }

    /// <summary>Connects for many calls; connection failures become usage errors.</summary>
    public static EngineClient Connect(CommandLine line, string address)
    {
        ListenAddress parsed = Parse(address);
        EngineClientOptions? options = ClientAuthOptions.Parse(line, parsed);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            return EngineClient.ConnectAsync(parsed, options, timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            throw new UsageException($"cannot connect to the server at `{address}`: {e.Message}");
        }
    }

    private static ListenAddress Parse(string address) =>
        ListenAddress.TryParse(address, out ListenAddress? parsed) ? parsed! : throw new UsageException($"--connect takes HOST:PORT or unix:PATH, not `{address}`");

    private static async Task<T> CallAsync<T>(ListenAddress address, EngineClientOptions? options, Func<EngineClient, Task<T>> call)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await using EngineClient client = await EngineClient.ConnectAsync(address, options, timeout.Token).ConfigureAwait(false);
            return await call(client).WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        // ArgumentException: the client refused to encode the question (a frame over any server's limit).
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or EngineServerException or ArgumentException)
        {
            throw new UsageException($"cannot query the server at `{address}`: {e.Message}");
        }
    }
}
