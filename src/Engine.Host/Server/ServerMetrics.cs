using System.Diagnostics;
using System.Diagnostics.Metrics;
using Engine.Gateway.Metrics;
using Engine.Protocol;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Server;

/// <summary>
/// The server's instruments, in two places. The <c>Engine.Host</c> meter, for <c>dotnet-counters</c>:
/// every hot-path recording first checks <see cref="Instrument.Enabled"/>, and tags are pre-built,
/// so nothing is recorded (or allocated) unless a listener is attached. And the binary transport's
/// series of <c>GET /metrics</c> (<see cref="EngineMetrics"/>), always recorded, but not into shared
/// instruments: each connection counts its answers (<see cref="ServerConnection.Counters"/>) and
/// durations (<see cref="DurationTally"/>) with plain stores, and a scrape folds them in through
/// <see cref="ConnectionRegistry.AddTo"/> (<see cref="ExportFrom"/>). Nothing allocated
/// (<c>ServerAllocationTests</c>).
/// </summary>
internal sealed class ServerMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Engine.Host";

    private static readonly KeyValuePair<string, object?>[] s_decisionTags =
    [
        new("decision", "ImplicitDeny"),
        new("decision", "Allow"),
        new("decision", "ExplicitDeny"),
    ];

    private static readonly KeyValuePair<string, object?>[] s_statusTags =
        [.. Enum.GetNames<ResponseStatus>().Select(name => new KeyValuePair<string, object?>("status", name))];

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _errors;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _reloads;
    private readonly Histogram<double> _latency;
    private readonly EngineMetrics _exported;
    private readonly TransportMetrics _binary;

    /// <summary>Creates the meter and resolves the binary transport's exported series.</summary>
    /// <param name="exported">The registry <c>GET /metrics</c> exports; a private one when null (no HTTP listener).</param>
    public ServerMetrics(EngineMetrics? exported = null)
    {
        _exported = exported ?? new EngineMetrics();
        _binary = _exported.For(DecisionTransport.Binary);
        _meter = new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("engine.requests", "{request}", "request frames received");
        _decisions = _meter.CreateCounter<long>("engine.decisions", "{decision}", "decisions answered with status Ok, by decision");
        _errors = _meter.CreateCounter<long>("engine.errors", "{response}", "responses with a status other than Ok, by status");
        _connections = _meter.CreateUpDownCounter<long>("engine.connections", "{connection}", "connections open");
        _reloads = _meter.CreateCounter<long>("engine.reloads", "{reload}", "policy reloads swapped in");
        _latency = _meter.CreateHistogram<double>("engine.request.duration", "us", "time to decide one query, frame parsed to response written");
    }

    /// <summary>
    /// Whether to take a timestamp per query: always, since <c>engine_request_duration_seconds</c>
    /// is always recorded (two <see cref="Stopwatch.GetTimestamp"/> calls, no allocation).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "asked through the instance by the connection code, which should not care where the answer comes from")]
    public bool LatencyEnabled => true;

    public void Request()
    {
        if (_requests.Enabled)
        {
            _requests.Add(1);
        }
    }

    public void Decision(Decision decision)
    {
        if (_decisions.Enabled && (uint)decision < (uint)s_decisionTags.Length)
        {
            _decisions.Add(1, s_decisionTags[(int)decision]);
        }
    }

    /// <summary>Counts a response with a status other than Ok; a query or frame so answered counts as outcome <c>Error</c>.</summary>
    public void Error(ResponseStatus status)
    {
        if (_errors.Enabled && (uint)status < (uint)s_statusTags.Length)
        {
            _errors.Add(1, s_statusTags[(int)status]);
        }
    }

    public void ConnectionOpened()
    {
        _connections.Add(1);
        _exported.ConnectionOpened(ConnectionListener.Binary);
    }

    public void ConnectionClosed()
    {
        _connections.Add(-1);
        _exported.ConnectionClosed(ConnectionListener.Binary);
    }

    public void Reloaded()
    {
        _reloads.Add(1);
        _exported.ReloadSucceeded();
    }

    /// <summary>Counts a reload that failed; the last good bundle keeps serving.</summary>
    public void ReloadFailed() => _exported.ReloadFailed();

    /// <summary>Exports the connections refused as unauthorized (<c>engine_connections_refused_total</c>), read at every scrape.</summary>
    public void ExportRefusals(Func<long> unauthorized) => _exported.TrackRefusals(unauthorized);

    /// <summary>Exports the connections' folded counts as the binary transport's series, at every scrape.</summary>
    public void ExportFrom(ConnectionRegistry registry) => _binary.AddFoldedSource(registry.AddTo);

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp; 0 means not taken) in the connection's own tally.</summary>
    public void Latency(DurationTally tally, long startTimestamp)
    {
        if (startTimestamp == 0)
        {
            return;
        }

        long elapsed = Stopwatch.GetTimestamp() - startTimestamp;
        tally.RecordTicks(elapsed);
        if (_latency.Enabled)
        {
            _latency.Record(elapsed * 1_000_000.0 / Stopwatch.Frequency);
        }
    }

    public void Dispose() => _meter.Dispose();
}
