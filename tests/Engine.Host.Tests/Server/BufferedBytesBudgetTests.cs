using Engine.Host.Cli;
using Engine.Host.Server;
using Engine.Protocol;
using Engine.Runtime.Evaluation;
using static Engine.Host.Tests.Server.MfaQueries;

namespace Engine.Host.Tests.Server;

/// <summary>
/// Issue #14, finding 2: one budget bounds the bytes large frames buffer across all connections
/// (<c>--max-buffered-bytes</c>); a frame that does not fit is refused with a closing Overloaded
/// Error frame, never decided; a large frame's bytes are given back once it is answered.
/// </summary>
public sealed class BufferedBytesBudgetTests
{
    private const int MaxFrame = 1024 * 1024;

    [Fact]
    public async Task A_large_frame_that_does_not_fit_the_budget_gets_a_closing_Overloaded_error_and_is_not_decided()
    {
        // Room for exactly one frame of the largest size.
        await using TestServer server = TestServer.Start(o => o with
        {
            Limits = new ProtocolLimits(MaxFrame, ProtocolConstants.DefaultMaxContextEntries, ProtocolConstants.DefaultMaxContextValues),
            MaxBufferedBytes = MaxFrame,
        });
        BufferedBytesBudget budget = server.Server.BufferedBytes;
        byte[] first = LargeAllowedQuery(1, MaxFrame);
        byte[] second = LargeAllowedQuery(2, MaxFrame);

        // The first connection sends half of its frame: its whole size is reserved once the header is in.
        using RawConnection holder = server.ConnectRaw();
        holder.Send(first.AsSpan(0, first.Length / 2));
        await WaitFor(() => budget.Reserved == first.Length);

        // The second connection's header alone is refused: the budget is spent.
        using RawConnection refused = server.ConnectRaw();
        refused.Send(second.AsSpan(0, ProtocolConstants.HeaderSize));
        var error = Assert.IsType<ErrorResponse>(refused.ReadResponse());
        Assert.Equal((2UL, ResponseStatus.Overloaded, true), (error.RequestId, error.Status, error.Closing));
        Assert.Contains("buffered-bytes budget", error.Message, StringComparison.Ordinal);
        Assert.True(refused.ReadsEndOfStream());
        Assert.Equal(1, budget.Refused);

        // The first frame completes and is decided; its bytes are given back.
        holder.Send(first.AsSpan(first.Length / 2));
        var decided = Assert.IsType<DecisionResponse>(holder.ReadResponse());
        Assert.Equal((1UL, ResponseStatus.Ok, Decision.Allow), (decided.RequestId, decided.Status, decided.Decision));
        await WaitFor(() => budget.Reserved == 0);

        // With the budget free again, another large frame on a new connection is answered.
        using RawConnection later = server.ConnectRaw();
        later.Send(LargeAllowedQuery(3, MaxFrame));
        Assert.Equal(Decision.Allow, Assert.IsType<DecisionResponse>(later.ReadResponse()).Decision);
        Assert.Equal(1UL, server.Server.GetStats()[(int)StatsCounter.ErrorsOverloaded]);
    }

    [Fact]
    public async Task A_connection_answers_large_and_small_frames_in_turn_and_holds_no_budget_between_them()
    {
        await using TestServer server = TestServer.Start(o => o with
        {
            Limits = new ProtocolLimits(MaxFrame, ProtocolConstants.DefaultMaxContextEntries, ProtocolConstants.DefaultMaxContextValues),
            MaxBufferedBytes = MaxFrame,
        });
        using RawConnection client = server.ConnectRaw();
        for (ulong id = 1; id <= 6; id++)
        {
            // Large, small, large...: each large frame reserves the whole budget, so a reservation
            // kept after answering would refuse the next one.
            client.Send(id % 2 == 1 ? LargeAllowedQuery(id, MaxFrame) : AliceAllowed(id));
            var decided = Assert.IsType<DecisionResponse>(client.ReadResponse());
            Assert.Equal((id, ResponseStatus.Ok, Decision.Allow), (decided.RequestId, decided.Status, decided.Decision));
        }

        await WaitFor(() => server.Server.BufferedBytes.Reserved == 0);
    }

    [Fact]
    public async Task A_connection_closed_in_the_middle_of_a_large_frame_gives_its_bytes_back()
    {
        await using TestServer server = TestServer.Start(o => o with
        {
            Limits = new ProtocolLimits(MaxFrame, ProtocolConstants.DefaultMaxContextEntries, ProtocolConstants.DefaultMaxContextValues),
            MaxBufferedBytes = MaxFrame,
        });
        byte[] frame = LargeAllowedQuery(1, MaxFrame);
        using (RawConnection client = server.ConnectRaw())
        {
            client.Send(frame.AsSpan(0, 100_000));
            await WaitFor(() => server.Server.BufferedBytes.Reserved == frame.Length);
        }

        await WaitFor(() => server.Server.BufferedBytes.Reserved == 0);
    }

    [Fact]
    public void The_default_budget_follows_the_frame_and_connection_limits()
    {
        // min(maxFrame × maxConnections, max(4 × maxFrame, 64 MiB))
        Assert.Equal(64L * 1024 * 1024, ServerOptions.DefaultMaxBufferedBytes(64 * 1024, 1024));
        Assert.Equal(64L * 1024 * 1024, ServerOptions.DefaultMaxBufferedBytes(16 * 1024 * 1024, 1024));
        Assert.Equal(32L * 1024 * 1024, ServerOptions.DefaultMaxBufferedBytes(16 * 1024 * 1024, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionServer(
            new PolicySourceHolder(TestSources.Default()),
            new ServerOptions { MaxBufferedBytes = ProtocolConstants.DefaultMaxFrameSize - 1 }));
    }

    [Fact]
    public void Serve_parses_the_budget_and_refuses_one_smaller_than_a_frame()
    {
        ServerOptions defaults = ServeCommand.ParseOptions(["--listen", "127.0.0.1:0", "--max-frame-bytes", "16777216"], TextWriter.Null, loggerFactory: null)!.Server;
        Assert.Null(defaults.MaxBufferedBytes);
        Assert.Equal(64L * 1024 * 1024, defaults.EffectiveMaxBufferedBytes);

        ServerOptions set = ServeCommand.ParseOptions(["--listen", "127.0.0.1:0", "--max-frame-bytes", "1048576", "--max-buffered-bytes", "3145728"], TextWriter.Null, loggerFactory: null)!.Server;
        Assert.Equal(3L * 1024 * 1024, set.EffectiveMaxBufferedBytes);

        UsageException e = Assert.Throws<UsageException>(() => ServeCommand.ParseOptions(["--max-frame-bytes", "1048576", "--max-buffered-bytes", "65536"], TextWriter.Null, loggerFactory: null));
        Assert.Contains("--max-buffered-bytes", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Alice's allowed query, padded with an unchecked multivalued context entry to exactly
    /// <paramref name="frameSize"/> bytes (a wire string holds at most 65,535 bytes).
    /// </summary>
    internal static byte[] LargeAllowedQuery(ulong id, int frameSize)
    {
        const int PerValue = 32 * 1024;
        int values = (frameSize / PerValue) + 1;
        byte[] encode(int padding) => Encode(id, Alice, "iam:DeactivateMFADevice", "arn:aws:iam::111122223333:user/alice",
        [
            .. Context("alice", mfa: true),
            QueryContextEntry.Multivalued("test:padding", [.. Enumerable.Range(0, values).Select(i => new string('p', (padding / values) + (i < padding % values ? 1 : 0)))]),
        ]);

        byte[] frame = encode(frameSize - encode(0).Length);
        Assert.Equal(frameSize, frame.Length);
        return frame;
    }

    // The server's side of a socket event runs on its own threads: poll (bounded) for what it records.
    private static async Task WaitFor(Func<bool> condition)
    {
        for (int i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
