using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Engine.Host.Tests.Server;

/// <summary>A logger factory that keeps every line written, for tests that count log lines.</summary>
internal sealed class LogCapture : ILoggerFactory
{
    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public IEnumerable<LogLine> OfEvent(int eventId) => Lines.Where(l => l.EventId == eventId);

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.Lines.Enqueue(new LogLine(eventId.Id, logLevel, formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>>));
    }
}

/// <summary>One captured line, with the structured values the message was built from.</summary>
internal sealed record LogLine(int EventId, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>>? Values)
{
    public object? Value(string name) => Values?.FirstOrDefault(v => v.Key == name).Value;
}

/// <summary>A clock that moves only when the test says so.</summary>
internal sealed class ManualTime : TimeProvider
{
    private readonly DateTimeOffset _start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => _start.AddTicks(Interlocked.Read(ref _ticks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
