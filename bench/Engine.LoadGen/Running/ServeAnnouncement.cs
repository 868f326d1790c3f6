namespace Engine.LoadGen.Running;

/// <summary>
/// The addresses a spawned <c>engine serve</c> bound, read from its start-up lines. The server is
/// started on port 0 so that the kernel gives it a port nobody holds; a port picked here and
/// released for it to bind could be taken in between by another listener (in a test run, another
/// test's server), which would then answer the readiness ping and the load in its place.
/// </summary>
internal sealed class ServeAnnouncement
{
    private const string Prefix = "engine serve: ";
    private const string BinaryPrefix = Prefix + "listening on ";
    private const string BundleSuffix = " (bundle ";

    /// <summary>The binary listener (<c>127.0.0.1:PORT</c>), once announced.</summary>
    public string? Binary { get; private set; }

    /// <summary>The HTTP/1.1 listeners' URLs, once announced.</summary>
    public IReadOnlyList<string> Http { get; private set; } = [];

    /// <summary>The gRPC listeners' URLs, once announced.</summary>
    public IReadOnlyList<string> Grpc { get; private set; } = [];

    /// <summary>Whether the gateway listeners' line was seen (it follows the binary one).</summary>
    public bool GatewayAnnounced { get; private set; }

    /// <summary>Reads one line of the server's output; lines other than the two announcements are ignored.</summary>
    /// <param name="line">The line.</param>
    public void Read(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.StartsWith(BinaryPrefix, StringComparison.Ordinal))
        {
            // "engine serve: listening on 127.0.0.1:40095 (bundle …, revision …, io inline)"; a
            // socket path may hold spaces, so the address ends where the bundle's part begins.
            int end = line.IndexOf(BundleSuffix, BinaryPrefix.Length, StringComparison.Ordinal);
            Binary = end < 0 ? null : line[BinaryPrefix.Length..end];
            return;
        }

        // "engine serve: http on http://127.0.0.1:38625; grpc on http://127.0.0.1:37521 (bundle …)".
        // The separators "; " and ", " are not escaped: a Unix socket path holding them is not read.
        int bundle = line.IndexOf(BundleSuffix, StringComparison.Ordinal);
        if (!line.StartsWith(Prefix, StringComparison.Ordinal) || bundle < 0)
        {
            return;
        }

        foreach (string listener in line[Prefix.Length..bundle].Split("; "))
        {
            string[] parts = listener.Split(" on ", 2);
            if (parts.Length != 2)
            {
                return;
            }

            string[] urls = parts[1].Split(", ");
            switch (parts[0])
            {
                case "http":
                    Http = urls;
                    GatewayAnnounced = true;
                    break;
                case "grpc":
                    Grpc = urls;
                    GatewayAnnounced = true;
                    break;
                default:
                    return;
            }
        }
    }

    /// <summary>The <c>HOST:PORT</c> of a listener's URL (<c>http://127.0.0.1:8080</c> → <c>127.0.0.1:8080</c>).</summary>
    /// <param name="url">The URL.</param>
    /// <returns>Its host and port, the port always written (<see cref="Uri.Authority"/> drops a scheme's default one).</returns>
    public static string HostAndPort(string url)
    {
        var uri = new Uri(url);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{uri.Host}:{uri.Port}");
    }
}
