using Engine.LoadGen.Running;
using HdrHistogram;

namespace Engine.Host.Tests.LoadGen;

public class OpenLoopScheduleTests
{
    private const long MicrosecondClock = 1_000_000;

    [Fact]
    public void Connections_interleave_on_one_global_timeline()
    {
        // 1,000/s over 4 connections: request k is due at k ms; connection c sends k = c, c+4, …
        var schedule = new OpenLoopSchedule(start: 5_000, rate: 1_000, connections: 4, MicrosecondClock);
        Assert.Equal(5_000, schedule.IntendedTime(0, 0));
        Assert.Equal(6_000, schedule.IntendedTime(1, 0));
        Assert.Equal(9_000, schedule.IntendedTime(0, 1));
        Assert.Equal(5_000 + (4_003 * 1_000), schedule.IntendedTime(3, 1_000));
    }

    [Fact]
    public void A_fractional_rate_does_not_drift()
    {
        // 3/s: a third of a second each; adding rounded intervals would lose a tick per request.
        var schedule = new OpenLoopSchedule(start: 0, rate: 3, connections: 1, MicrosecondClock);
        Assert.Equal(1_000_000_000 / 3, schedule.IntendedTime(0, 3_000) / 3);
        Assert.InRange(schedule.IntendedTime(0, 3_000_000), 999_999_999_999, 1_000_000_000_000);
    }

    [Fact]
    public void A_stall_is_charged_to_every_request_scheduled_during_it()
    {
        // 1,000 requests/s for 3 s on one connection with one request in flight; the server answers
        // in 10 µs, except that it stalls from t = 1 s to t = 2 s. The client cannot send while it
        // waits (it coordinates with the server), so ~1,000 requests are sent late.
        var schedule = new OpenLoopSchedule(start: 0, rate: 1_000, connections: 1, MicrosecondClock);
        var corrected = new LongHistogram(3_600_000_000, 3);
        var naive = new LongHistogram(3_600_000_000, 3);
        long lastAnswer = 0;
        int naiveOver500ms = 0;
        int correctedOver500ms = 0;
        for (long k = 0; k < 3_000; k++)
        {
            long intended = schedule.IntendedTime(0, k);
            long sent = Math.Max(intended, lastAnswer);
            long answered = (sent is >= 1_000_000 and < 2_000_000 ? 2_000_000 : sent) + 10;
            lastAnswer = answered;
            corrected.RecordValue(answered - intended);
            naive.RecordValue(answered - sent);
            naiveOver500ms += answered - sent > 500_000 ? 1 : 0;
            correctedOver500ms += answered - intended > 500_000 ? 1 : 0;
        }

        // Measured from the send, the stall is one slow request among 3,000: p99 looks perfect.
        Assert.Equal(1, naiveOver500ms);
        Assert.InRange(naive.GetValueAtPercentile(99.9), 0, 20);

        // Measured from the schedule, the 1,000 requests due during the stall waited 1 s down to
        // ~0: a third of all requests are slow, half of them (plus the queue behind the stall) by over 500 ms.
        Assert.InRange(correctedOver500ms, 495, 515);
        Assert.InRange(corrected.GetValueAtPercentile(90), 650_000, 750_000);
        Assert.InRange(corrected.GetValueAtPercentile(99.9), 990_000, 1_001_000);
    }
}
