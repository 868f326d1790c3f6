namespace Engine.Protocol;

/// <summary>Where the continuations of socket reads and writes run (<c>engine serve --io</c>).</summary>
public enum SocketCompletionMode
{
    /// <summary>
    /// On the socket engine's event thread, straight after epoll reports the socket ready. Saves a
    /// hand-off to the thread pool per read: about twice the unpipelined throughput on two cores.
    /// Right for this server because answering a batch never blocks; the cost is that a policy set
    /// compiled on first use (a new profile × resource policy combination) holds that event thread
    /// for the compile.
    /// </summary>
    Inline,

    /// <summary>.NET's default: the event thread queues each continuation to the thread pool.</summary>
    ThreadPool,
}

/// <summary>
/// Chooses the process-wide <see cref="SocketCompletionMode"/>. .NET reads it once, from the
/// environment variable <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, when the first socket
/// is created; so it is set here before any socket exists, and has no effect afterwards.
/// </summary>
public static class SocketCompletions
{
    /// <summary>The environment variable the .NET socket engine reads (Unix only; Windows uses IOCP and ignores it).</summary>
    public const string EnvironmentVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Parses <c>inline</c> or <c>pool</c>.</summary>
    /// <param name="text">The flag's value.</param>
    /// <param name="mode">The mode.</param>
    /// <returns>False for any other text.</returns>
    public static bool TryParse(string text, out SocketCompletionMode mode)
    {
        (bool ok, mode) = text switch
        {
            "inline" => (true, SocketCompletionMode.Inline),
            "pool" => (true, SocketCompletionMode.ThreadPool),
            _ => (false, SocketCompletionMode.ThreadPool),
        };
        return ok;
    }

    /// <summary>The flag's spelling of a mode.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns><c>inline</c> or <c>pool</c>.</returns>
    public static string Name(SocketCompletionMode mode) => mode == SocketCompletionMode.Inline ? "inline" : "pool";

    /// <summary>Selects <paramref name="mode"/> for the sockets this process will create.</summary>
    /// <param name="mode">The mode.</param>
    public static void Use(SocketCompletionMode mode) =>
        Environment.SetEnvironmentVariable(EnvironmentVariable, mode == SocketCompletionMode.Inline ? "1" : "0");
}
