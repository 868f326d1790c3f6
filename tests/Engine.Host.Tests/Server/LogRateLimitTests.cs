using Engine.Host.Server;
using Engine.Protocol;
using Microsoft.Extensions.Logging;

namespace Engine.Host.Tests.Server;

/// <summary>
/// Issue #14, finding 6: one client could make the server write thousands of warning lines a
/// second. Lines of one kind are now bounded per second, and what was left out is summed up. The
/// clock is the test's (<see cref="ManualTime"/>), so every count is exact.
/// </summary>
public sealed class LogRateLimitTests
{
    private const int ProtocolErrorEvent = 5;
    private const int SuppressedEvent = 15;

    [Fact]
    public async Task A_thousand_malformed_frames_produce_a_bounded_number_of_log_lines_and_a_summary()
    {
        var log = new LogCapture();
        var time = new ManualTime();
        const int Frames = 1000;
        TestServer server = TestServer.Start(o => o with { LoggerFactory = log, Time = time, LogLinesPerSecond = 10 });
        await using (server)
        {
            // Each frame has the wrong magic byte: framing is lost, so each costs a connection and a warning.
            byte[] garbage = new byte[ProtocolConstants.HeaderSize];
            garbage.AsSpan().Fill(0x42);
            await Parallel.ForAsync(0, Frames, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (_, _) =>
            {
                using RawConnection client = server.ConnectRaw();
                client.Send(garbage);
                var error = Assert.IsType<ErrorResponse>(client.ReadResponse());
                Assert.Equal(ResponseStatus.Malformed, error.Status);
                return ValueTask.CompletedTask;
            });

            Assert.Equal(10, log.OfEvent(ProtocolErrorEvent).Count());
            Assert.Empty(log.OfEvent(SuppressedEvent));
        }

        // The stop ends the window: one summary with the rest.
        LogLine summary = Assert.Single(log.OfEvent(SuppressedEvent), l => (int)l.Value("EventId")! == ProtocolErrorEvent);
        Assert.Equal((long)(Frames - 10), summary.Value("Count"));
        Assert.Equal(LogLevel.Warning, summary.Level);
        Assert.Contains($"suppressed {Frames - 10} similar lines (ProtocolError, event 5)", summary.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_window_writes_the_summary_of_the_last_one_then_lets_lines_through_again()
    {
        var log = new LogCapture();
        var time = new ManualTime();
        var limited = new RateLimitedLogger(log.CreateLogger("test"), 3, time);
        for (int i = 0; i < 7; i++)
        {
            ServerLog.ProtocolError(limited, i, "Malformed");
        }

        ServerLog.Aborted(limited, 99, "idle timeout");
        Assert.Equal(3, log.OfEvent(ProtocolErrorEvent).Count());
        Assert.Single(log.OfEvent(6));

        // Within the window a flush writes nothing; once it is over, the summary comes first.
        limited.Flush();
        Assert.Empty(log.OfEvent(SuppressedEvent));
        time.Advance(RateLimitedLogger.Window);
        ServerLog.ProtocolError(limited, 7, "Malformed");
        LogLine[] lines = [.. log.Lines];
        Assert.Equal((SuppressedEvent, 4L), (lines[^2].EventId, (long)lines[^2].Value("Count")!));
        Assert.Equal(ProtocolErrorEvent, lines[^1].EventId);

        // A burst that stops is summed up by the sweep's flush, without another line of its kind.
        for (int i = 0; i < 5; i++)
        {
            ServerLog.ProtocolError(limited, i, "Malformed");
        }

        time.Advance(RateLimitedLogger.Window);
        limited.Flush();
        Assert.Equal(3L, (long)log.OfEvent(SuppressedEvent).Last().Value("Count")!);
        limited.Flush();
        Assert.Equal(2, log.OfEvent(SuppressedEvent).Count());
    }
}
