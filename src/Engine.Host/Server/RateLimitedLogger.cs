using Microsoft.Extensions.Logging;

namespace Engine.Host.Server;

/// <summary>
/// Bounds the server's log per kind of event (issue #14, finding 6: one client produced about 3,100
/// warning lines a second): at most <c>linesPerWindow</c> lines of one event id per one-second
/// window; the rest are counted, and one "suppressed N similar lines" line follows when the window
/// ends — on the next line of that event or on <see cref="Flush"/>, which the server's sweep calls
/// about every second, so a burst that stops is still summed up.
/// </summary>
internal sealed class RateLimitedLogger : ILogger
{
    /// <summary>The length of a window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly ILogger _inner;
    private readonly int _linesPerWindow;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    // By event id; a handful of ids exist (ServerLog), so the dictionary stays tiny.
    private readonly Dictionary<int, EventWindow> _windows = [];

    public RateLimitedLogger(ILogger inner, int linesPerWindow, TimeProvider time)
    {
        _inner = inner;
        _linesPerWindow = linesPerWindow;
        _time = time;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!_inner.IsEnabled(logLevel))
        {
            return;
        }

        Summary summary;
        bool admitted;
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            if (!_windows.TryGetValue(eventId.Id, out EventWindow? window))
            {
                window = new EventWindow(eventId, logLevel, now);
                _windows.Add(eventId.Id, window);
            }

            summary = window.EndIfOver(now, _time, force: false);
            admitted = window.Lines < _linesPerWindow;
            if (admitted)
            {
                window.Lines++;
            }
            else
            {
                window.Suppressed++;
            }
        }

        Write(summary);
        if (admitted)
        {
            _inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    /// <summary>Ends the windows that are over (every window when <paramref name="all"/>, at stop) and writes their summaries.</summary>
    /// <param name="all">End every window now.</param>
    public void Flush(bool all = false)
    {
        Summary[]? summaries = null;
        int count = 0;
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            foreach (EventWindow window in _windows.Values)
            {
                Summary summary = window.EndIfOver(now, _time, all);
                if (summary.Count > 0)
                {
                    summaries ??= new Summary[_windows.Count];
                    summaries[count++] = summary;
                }
            }
        }

        for (int i = 0; i < count; i++)
        {
            Write(summaries![i]);
        }
    }

    private void Write(in Summary summary)
    {
        if (summary.Count > 0)
        {
            double seconds = Math.Round(summary.Seconds, 1);
            ServerLog.Suppressed(_inner, summary.Level, summary.Count, summary.Event.Name ?? "event", summary.Event.Id, seconds);
        }
    }

    private readonly record struct Summary(EventId Event, LogLevel Level, long Count, double Seconds);

    private sealed class EventWindow(EventId id, LogLevel level, long start)
    {
        public int Lines { get; set; }

        public long Suppressed { get; set; }

        /// <summary>When the window is over, starts the next one and returns what it suppressed.</summary>
        public Summary EndIfOver(long now, TimeProvider time, bool force)
        {
            TimeSpan elapsed = time.GetElapsedTime(start, now);
            if (elapsed < Window && !(force && Suppressed > 0))
            {
                return default;
            }

            var summary = new Summary(id, level, Suppressed, elapsed.TotalSeconds);
            start = now;
            Lines = 0;
            Suppressed = 0;
            return summary;
        }
    }
}
