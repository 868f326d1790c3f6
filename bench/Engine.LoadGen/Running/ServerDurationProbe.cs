using Engine.LoadGen.Reporting;

namespace Engine.LoadGen.Running;

/// <summary>
/// Scrapes the server's <c>GET /metrics</c> at the start of the measured window and after the
/// drain, so the summary can put the server's own request duration (its
/// <c>engine_request_duration_seconds</c> buckets) beside the client's latency. A scrape that
/// fails leaves the figure out with the reason; it never fails the run.
/// </summary>
internal sealed class ServerDurationProbe : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = new() { Timeout = s_timeout };
    private readonly Uri _url;
    private readonly string _transport;
    private ServerDurations? _before;
    private string? _failure;

    /// <summary>A probe of one server's <c>/metrics</c> for one transport's series.</summary>
    /// <param name="url">The metrics URL.</param>
    /// <param name="transport">The <c>transport</c> label to read.</param>
    public ServerDurationProbe(Uri url, string transport)
    {
        _url = url;
        _transport = transport;
    }

    /// <summary>Scrapes at the start of the window.</summary>
    /// <param name="stop">Ctrl+C.</param>
    /// <returns>Completes when scraped (or failed).</returns>
    public async Task BeginAsync(CancellationToken stop) => _before = await ScrapeAsync(stop).ConfigureAwait(false);

    /// <summary>Scrapes after the drain and returns the window's durations.</summary>
    /// <param name="stop">Ctrl+C.</param>
    /// <returns>What the server recorded in between, or why there is nothing.</returns>
    public async Task<ServerDurationResult> EndAsync(CancellationToken stop)
    {
        ServerDurations? after = await ScrapeAsync(stop).ConfigureAwait(false);
        if (_before is null || after is null)
        {
            return new ServerDurationResult(null, _failure ?? "not scraped");
        }

        return ServerDurations.Between(_before, after) is { } window
            ? new ServerDurationResult(window, null)
            : new ServerDurationResult(null, "the buckets changed between the two scrapes (was the server restarted?)");
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private async Task<ServerDurations?> ScrapeAsync(CancellationToken stop)
    {
        try
        {
            string text = await _http.GetStringAsync(_url, stop).ConfigureAwait(false);
            ServerDurations? durations = ServerDurations.Parse(text, _transport);
            _failure ??= durations is null ? $"{_url} has no engine_request_duration_seconds_bucket{{transport=\"{_transport}\"}}" : null;
            return durations;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            _failure ??= $"{_url}: {e.Message}";
            return null;
        }
    }
}

/// <summary>The server's request durations over the window, or why they are missing.</summary>
/// <param name="Window">The bucket deltas.</param>
/// <param name="Failure">Why there are none, when <paramref name="Window"/> is null.</param>
internal sealed record ServerDurationResult(ServerDurations? Window, string? Failure);
