using System.Diagnostics;
using System.Globalization;
using Prometheus;

namespace Engine.Gateway.Metrics;

/// <summary>
/// What <c>GET /metrics</c> exports (docs/server.md, "Metrics"): one prometheus-net registry per
/// server, shared by every transport, holding nothing but the engine's own series (no default
/// process metrics, no meter adapter: each would cost the hot path or a scrape for little).
/// Every series is resolved once here, so recording never looks a label up.
/// </summary>
public sealed class EngineMetrics
{
    /// <summary>Upper bounds of the duration buckets, in seconds: from 0.25 µs (a binary decision takes
    /// about one) to 1 s (an HTTP request waiting for a first-use compile), with steps of at most
    /// 1.5× from 1 to 250 µs, where p50 and p99 of a sidecar's answers fall, so that a quantile
    /// estimated from the buckets is within a step of the truth (docs/server.md, "Metrics").</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } =
    [
        0.000_000_25, 0.000_000_5, 0.000_001, 0.000_001_5, 0.000_002, 0.000_002_5, 0.000_003, 0.000_004, 0.000_005, 0.000_007_5,
        0.000_01, 0.000_015, 0.000_02, 0.000_025, 0.000_03, 0.000_04, 0.000_05, 0.000_075, 0.000_1, 0.000_15, 0.000_2, 0.000_25,
        0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1,
    ];

    private readonly TransportMetrics[] _transports;
    private readonly Gauge.Child[] _connections;
    private readonly Counter.Child _reloadsSucceeded;
    private readonly Counter.Child _reloadsFailed;
    private readonly Counter _refused;
    private readonly Counter.Child _refusedUnauthorized;
    private volatile Func<long>? _unauthorized;
    private readonly Gauge _bundleInfo;
    private readonly Gauge _bundleAge;
    private readonly Lock _bundleLock = new();
    private volatile Func<BundleState>? _bundle;
    private string? _revisionShown;

    /// <summary>Creates the registry and every series (all at 0, so a scrape before any traffic shows them).</summary>
    public EngineMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        MetricFactory factory = Prometheus.Metrics.WithCustomRegistry(Registry);

        // No exemplars: they would read the trace context on every request, for no reader here.
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        Counter decisions = factory.CreateCounter(
            "engine_decisions_total",
            "Requests answered, by transport and outcome (Allow, ExplicitDeny, ImplicitDeny; Unauthenticated without a principal; Error when not evaluated). Under --dry-run the engine's own decision, not the Allow sent.",
            ["transport", "outcome"]);
        Histogram duration = factory.CreateHistogram(
            "engine_request_duration_seconds",
            "Time the engine spent on one request, from read to answer written, by transport (not the network round trip).",
            ["transport"],
            new HistogramConfiguration { Buckets = [.. DurationBuckets] });
        _transports = [.. Enum.GetValues<DecisionTransport>().Select(t => new TransportMetrics(decisions, duration, TransportLabel(t)))];

        Gauge connections = factory.CreateGauge("engine_connections", "Connections open, by listener (binary, http, grpc).", ["listener"]);
        _connections = [.. Enum.GetValues<ConnectionListener>().Select(l => connections.WithLabels(ListenerLabel(l)))];

        Counter reloads = factory.CreateCounter(
            "engine_reloads_total",
            "Bundle reloads: succeeded (a new revision swapped in) or failed (the last good bundle keeps serving). A reload that changes nothing is neither.",
            ["outcome"]);
        _reloadsSucceeded = reloads.WithLabels("succeeded");
        _reloadsFailed = reloads.WithLabels("failed");

        _bundleInfo = factory.CreateGauge(
            "engine_bundle_info",
            "1 for the active bundle; its revision (a 64-bit content hash, decimal as in X-Engine-Revision) is the label, since a float value cannot hold it exactly.",
            ["revision"]);
        _bundleAge = factory.CreateGauge("engine_bundle_age_seconds", "Seconds since the active bundle was loaded.");

        // Issue #14 left refusals in the Stats frame only; an operator watching /metrics should
        // see a client that keeps failing to authenticate without asking the binary port.
        Counter refused = factory.CreateCounter(
            "engine_connections_refused_total",
            "Connections refused before answering any request, by listener and reason: unauthorized (binary: no acceptable client certificate, or no Hello frame with the auth token first, Stats counter errors_unauthorized; http and grpc with --http-tls: no acceptable client certificate).",
            ["listener", "reason"]);
        _refused = refused;
        _refusedUnauthorized = refused.WithLabels("binary", "unauthorized");

        // Every listener's series from the start, at 0, so an alert on its increase sees the first refusal.
        foreach (ConnectionListener listener in Enum.GetValues<ConnectionListener>())
        {
            _ = refused.WithLabels(ListenerLabel(listener), "unauthorized");
        }
        Registry.AddBeforeCollectCallback(UpdateBundle);
        Registry.AddBeforeCollectCallback(UpdateRefusals);
        Registry.AddBeforeCollectCallback(PublishFolded);
    }

    /// <summary>The registry <c>GET /metrics</c> exports.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>The series of one transport.</summary>
    /// <param name="transport">The transport.</param>
    public TransportMetrics For(DecisionTransport transport) => _transports[(int)transport];

    /// <summary>Counts a connection opened on a listener.</summary>
    /// <param name="listener">The listener.</param>
    public void ConnectionOpened(ConnectionListener listener) => _connections[(int)listener].Inc();

    /// <summary>Counts a connection closed on a listener.</summary>
    /// <param name="listener">The listener.</param>
    public void ConnectionClosed(ConnectionListener listener) => _connections[(int)listener].Dec();

    /// <summary>Counts a reload that swapped a new bundle in.</summary>
    public void ReloadSucceeded() => _reloadsSucceeded.Inc();

    /// <summary>Counts a reload that failed (the last good bundle keeps serving).</summary>
    public void ReloadFailed() => _reloadsFailed.Inc();

    /// <summary>Counts a connection to an HTTP or gRPC listener refused in its TLS handshake for want of an acceptable client certificate.</summary>
    /// <param name="listener">The listener.</param>
    public void ConnectionRefused(ConnectionListener listener) => _refused.WithLabels(ListenerLabel(listener), "unauthorized").Inc();

    /// <summary>Where a scrape reads the number of connections the binary listener refused as unauthorized so far.</summary>
    /// <param name="unauthorized">Read once per scrape; never decreases.</param>
    public void TrackRefusals(Func<long> unauthorized) => _unauthorized = unauthorized;

    /// <summary>Where a scrape reads the active bundle's revision and load time.</summary>
    /// <param name="bundle">Read once per scrape.</param>
    public void TrackBundle(Func<BundleState> bundle) => _bundle = bundle;

    /// <summary>The <c>listener</c> label of a listener: binary, http, grpc.</summary>
    /// <param name="listener">The listener.</param>
    public static string ListenerLabel(ConnectionListener listener) => listener.ToString().ToLowerInvariant();

    /// <summary>The <c>transport</c> label of a transport.</summary>
    /// <param name="transport">The transport.</param>
    public static string TransportLabel(DecisionTransport transport) => transport switch
    {
        DecisionTransport.Binary => "binary",
        DecisionTransport.ExtAuthz => "ext-authz",
        DecisionTransport.ForwardAuth => "forward-auth",
        _ => "json",
    };

    // At scrape time: the binary transport's per-connection counts, folded into its series.
    private void PublishFolded()
    {
        foreach (TransportMetrics transport in _transports)
        {
            transport.PublishFolded();
        }
    }

    // At scrape time: the refusals are counted where they happen (ConnectionAuthenticator), not twice.
    private void UpdateRefusals()
    {
        if (_unauthorized is { } read)
        {
            _refusedUnauthorized.IncTo(read());
        }
    }

    // At scrape time: the age is computed then, and the info series follows a reload.
    private void UpdateBundle()
    {
        if (_bundle is not { } read)
        {
            return;
        }

        BundleState state = read();
        string revision = state.Revision.ToString(CultureInfo.InvariantCulture);
        lock (_bundleLock)
        {
            if (revision != _revisionShown)
            {
                if (_revisionShown is not null)
                {
                    _bundleInfo.RemoveLabelled(_revisionShown);
                }

                _bundleInfo.WithLabels(revision).Set(1);
                _revisionShown = revision;
            }

            _bundleAge.Set(Stopwatch.GetElapsedTime(state.LoadedTimestamp).TotalSeconds);
        }
    }
}
