using System.Diagnostics;
using System.Diagnostics.Metrics;
using Engine.Protocol;
using Engine.Runtime.Evaluation;

namespace Engine.Host.Server;

/// <summary>
/// The server's instruments on the <c>Engine.Host</c> meter. Every hot-path recording first checks
/// <see cref="Instrument.Enabled"/>, and tags are pre-built, so nothing is recorded (or allocated)
/// unless a listener such as <c>dotnet-counters</c> is attached.
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

    public ServerMetrics()
    {
        _meter = new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("engine.requests", "{request}", "request frames received");
        _decisions = _meter.CreateCounter<long>("engine.decisions", "{decision}", "decisions answered with status Ok, by decision");
        _errors = _meter.CreateCounter<long>("engine.errors", "{response}", "responses with a status other than Ok, by status");
        _connections = _meter.CreateUpDownCounter<long>("engine.connections", "{connection}", "connections open");
        _reloads = _meter.CreateCounter<long>("engine.reloads", "{reload}", "policy reloads swapped in");
        _latency = _meter.CreateHistogram<double>("engine.request.duration", "us", "time to decide one query, frame parsed to response written");
    }

    /// <summary>Whether a latency listener is attached: take a timestamp only then.</summary>
    public bool LatencyEnabled => _latency.Enabled;

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

    public void Error(ResponseStatus status)
    {
        if (_errors.Enabled && (uint)status < (uint)s_statusTags.Length)
        {
            _errors.Add(1, s_statusTags[(int)status]);
        }
    }

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);

    public void Reloaded() => _reloads.Add(1);

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp; 0 means not taken).</summary>
    public void Latency(long startTimestamp)
    {
        if (startTimestamp != 0 && _latency.Enabled)
        {
            _latency.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds);
        }
    }

    public void Dispose() => _meter.Dispose();
}
