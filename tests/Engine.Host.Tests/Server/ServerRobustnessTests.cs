using System.Buffers.Binary;
using Engine.Protocol;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;
using static Engine.Host.Tests.Server.MfaQueries;

namespace Engine.Host.Tests.Server;

[Collection(TimingSensitive.Name)]
public sealed class ServerRobustnessTests
{
    [Fact]
    public async Task A_client_vanishing_mid_frame_does_not_hurt_the_others()
    {
        await using TestServer server = TestServer.Start();
        await using EngineClient healthy = await server.ConnectAsync();
        for (int round = 0; round < 20; round++)
        {
            using RawConnection vanishing = server.ConnectRaw();
            byte[] frame = AliceAllowed(1);
            vanishing.Send(frame.AsSpan(0, frame.Length / 2));
            vanishing.Socket.Close(0);
            DecisionResult response = await healthy.QueryAsync(Alice, "iam:GetUser", "arn:aws:iam::111122223333:user/alice", context: Context("alice", true));
            Assert.Equal(Decision.Allow, response.Decision);
        }

        await WaitUntil(() => server.Server.ConnectionCount == 1);
    }

    [Fact]
    public async Task A_client_that_sends_half_a_frame_is_disconnected_after_the_deadline()
    {
        await using TestServer server = TestServer.Start(o => new() { Listen = o.Listen, FrameDeadline = TimeSpan.FromMilliseconds(300) });
        using RawConnection slow = server.ConnectRaw();
        byte[] frame = AliceAllowed(1);
        long started = Environment.TickCount64;
        slow.Send(frame.AsSpan(0, 10));
        Thread.Sleep(100);
        slow.Send(frame.AsSpan(10, 10));
        Assert.True(slow.ReadsEndOfStream());
        long elapsed = Environment.TickCount64 - started;
        Assert.InRange(elapsed, 250, 5_000);

        // The server is unharmed.
        await using EngineClient client = await server.ConnectAsync();
        Assert.Equal(1UL, (await client.PingAsync()).Revision);
    }

    [Fact]
    public async Task A_client_that_keeps_sending_whole_frames_is_never_cut_off_by_the_deadline()
    {
        // The deadline is generous: under a full parallel test run a starved thread pool can delay
        // the server's handling of the second half by hundreds of milliseconds.
        await using TestServer server = TestServer.Start(o => new() { Listen = o.Listen, FrameDeadline = TimeSpan.FromMilliseconds(2_000) });
        using RawConnection client = server.ConnectRaw();
        byte[] frame = AliceAllowed(5);
        for (int i = 0; i < 12; i++)
        {
            // Each frame is split, with a pause in the middle: together the pauses exceed the
            // deadline, each one stays well under it (margin for a loaded test machine).
            client.Send(frame.AsSpan(0, 7));
            Thread.Sleep(200);
            client.Send(frame.AsSpan(7));
            Assert.Equal(Decision.Allow, Assert.IsType<DecisionResponse>(client.ReadResponse()).Decision);
        }
    }

    [Fact]
    public async Task An_idle_connection_is_closed()
    {
        await using TestServer server = TestServer.Start(o => new() { Listen = o.Listen, IdleTimeout = TimeSpan.FromMilliseconds(200) });
        using RawConnection idle = server.ConnectRaw();
        idle.Send(MfaQueries.Frame(FrameType.Ping, FrameFlags.None, 3, []));
        Assert.IsType<PongResponse>(idle.ReadResponse());
        Assert.True(idle.ReadsEndOfStream());
    }

    [Fact]
    public async Task A_malformed_query_body_gets_a_Malformed_decision_and_the_connection_stays_open()
    {
        await using TestServer server = TestServer.Start();
        using RawConnection client = server.ConnectRaw();
        byte[] query = AliceAllowed(9);
        // Claim the principal is one byte longer than it is: every later field shifts.
        BinaryPrimitives.WriteUInt16LittleEndian(query.AsSpan(ProtocolConstants.HeaderSize), (ushort)(Alice.Length + 1));
        client.Send(query);
        var decision = Assert.IsType<DecisionResponse>(client.ReadResponse());
        Assert.Equal((9UL, ResponseStatus.Malformed, Decision.ImplicitDeny), (decision.RequestId, decision.Status, decision.Decision));

        client.Send(MfaQueries.Frame(FrameType.Query, (FrameFlags)0x80, 10, AliceAllowed(0).AsSpan(ProtocolConstants.HeaderSize)));
        var badFlag = Assert.IsType<ErrorResponse>(client.ReadResponse());
        Assert.Equal((10UL, ResponseStatus.Malformed, false), (badFlag.RequestId, badFlag.Status, badFlag.Closing));

        client.Send(MfaQueries.Frame((FrameType)0x42, FrameFlags.None, 11, [1, 2, 3]));
        var unknownType = Assert.IsType<ErrorResponse>(client.ReadResponse());
        Assert.Equal((11UL, ResponseStatus.UnsupportedFrameType), (unknownType.RequestId, unknownType.Status));

        client.Send(MfaQueries.Frame(FrameType.Pong, FrameFlags.None, 12, new byte[8]));
        Assert.Equal(ResponseStatus.UnsupportedFrameType, Assert.IsType<ErrorResponse>(client.ReadResponse()).Status);

        client.Send(AliceAllowed(13));
        Assert.Equal(Decision.Allow, Assert.IsType<DecisionResponse>(client.ReadResponse()).Decision);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public async Task A_query_shorter_than_its_fixed_fields_gets_a_Malformed_error_as_documented_and_the_connection_stays_open(int bodyLength)
    {
        // Issue #14, finding 9: docs/wire-protocol.md §3 and §7 now say that a Query failing the
        // header checks (undefined flag, body under the 8 bytes of its fixed fields) gets an Error.
        await using TestServer server = TestServer.Start();
        using RawConnection client = server.ConnectRaw();
        client.Send(MfaQueries.Frame(FrameType.Query, FrameFlags.None, 21, new byte[bodyLength]));
        var error = Assert.IsType<ErrorResponse>(client.ReadResponse());
        Assert.Equal((21UL, ResponseStatus.Malformed, false), (error.RequestId, error.Status, error.Closing));
        client.Send(AliceAllowed(22));
        Assert.Equal(Decision.Allow, Assert.IsType<DecisionResponse>(client.ReadResponse()).Decision);
    }

    [Fact]
    public async Task A_frame_with_the_wrong_magic_byte_gets_a_closing_error_and_the_connection_closes()
    {
        await using TestServer server = TestServer.Start();
        using RawConnection client = server.ConnectRaw();
        client.Send(WithWrongMagic(AliceAllowed(77)));
        var error = Assert.IsType<ErrorResponse>(client.ReadResponse());
        Assert.Equal((0UL, ResponseStatus.Malformed, true), (error.RequestId, error.Status, error.Closing));
        Assert.True(client.ReadsEndOfStream());
    }

    [Fact]
    public async Task A_frame_over_the_size_limit_gets_TooLarge_before_its_body_is_sent()
    {
        await using TestServer server = StartWithSmallFrames();
        using RawConnection client = server.ConnectRaw();
        client.Send(OversizedQueryHeader(5));
        var error = Assert.IsType<ErrorResponse>(client.ReadResponse());
        Assert.Equal((5UL, ResponseStatus.TooLarge, true), (error.RequestId, error.Status, error.Closing));
        Assert.True(client.ReadsEndOfStream());
        Assert.Equal(1UL, server.Server.GetStats()[(int)StatsCounter.ErrorsTooLarge]);
    }

    [Fact]
    public async Task A_client_still_sending_after_a_closing_error_reads_the_error_and_its_writes_do_not_fail()
    {
        // A pipelining client writes on while the server rejects a frame. Closing a socket with
        // unread bytes resets it, which fails the client's writes and can destroy the Error frame
        // before it is read; the server must discard what follows and close cleanly instead.
        await using TestServer server = StartWithSmallFrames();
        using RawConnection client = server.ConnectRaw();
        byte[] header = OversizedQueryHeader(9);
        byte[] rest = new byte[16 * 1024 * 1024];
        Task sending = Task.Run(() =>
        {
            client.Send(header);
            client.Send(rest);
        });

        var error = Assert.IsType<ErrorResponse>(client.ReadResponse());
        Assert.Equal((9UL, ResponseStatus.TooLarge, true), (error.RequestId, error.Status, error.Closing));
        await sending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, client.Socket.Receive(new byte[16]));
    }

    [Fact]
    public async Task A_client_that_keeps_the_connection_open_after_a_closing_error_is_let_go_after_the_linger_time()
    {
        await using TestServer server = TestServer.Start();
        using RawConnection client = server.ConnectRaw();
        client.Send(WithWrongMagic(AliceAllowed(3)));
        Assert.IsType<ErrorResponse>(client.ReadResponse());

        // The client neither sends nor closes: the server's side must still end, within about the linger time.
        ulong open = 1;
        for (int i = 0; i < 200 && open != 0; i++)
        {
            await Task.Delay(50);
            open = server.Server.GetStats()[(int)StatsCounter.CurrentConnections];
        }

        Assert.Equal(0UL, open);
    }

    [Fact]
    public async Task Connections_over_the_limit_get_a_closing_Overloaded_error_on_accept()
    {
        // Eviction off: this is the refusal when no connection can make room.
        await using TestServer server = TestServer.Start(o => new() { Listen = o.Listen, MaxConnections = 2, EvictIdleAfter = Timeout.InfiniteTimeSpan });
        await using EngineClient first = await server.ConnectAsync();
        await using EngineClient second = await server.ConnectAsync();
        await first.PingAsync();
        await second.PingAsync();
        using (RawConnection third = server.ConnectRaw())
        {
            var error = Assert.IsType<ErrorResponse>(third.ReadResponse());
            Assert.Equal((0UL, ResponseStatus.Overloaded, true, "too many connections"), (error.RequestId, error.Status, error.Closing, error.Message));
            Assert.True(third.ReadsEndOfStream());
        }

        Assert.Equal(1UL, (await second.PingAsync()).Revision);
        Assert.Equal(1UL, server.Server.GetStats()[(int)StatsCounter.ErrorsOverloaded]);
    }

    [Fact]
    public async Task Stopping_answers_every_request_already_received_then_closes()
    {
        TestServer server = TestServer.Start();
        await using (server)
        {
            using RawConnection client = server.ConnectRaw();

            // A connection still in the listen backlog has received nothing; wait for the accept.
            await WaitUntil(() => server.Server.ConnectionCount == 1);
            const int Count = 200;
            byte[] batch = [.. Enumerable.Range(0, Count).SelectMany(i => AliceAllowed((ulong)i))];
            client.Send(batch);
            Task stop = server.Server.StopAsync();
            for (int i = 0; i < Count; i++)
            {
                var response = Assert.IsType<DecisionResponse>(client.ReadResponse());
                Assert.Equal(((ulong)i, Decision.Allow), (response.RequestId, response.Decision));
            }

            Assert.Null(client.ReadResponse());
            await stop.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(server.Server.Completion.IsCompleted);
        }
    }

    [Fact]
    public async Task A_client_whose_server_stops_sees_its_outstanding_requests_fail()
    {
        await using TestServer server = TestServer.Start();
        await using EngineClient client = await server.ConnectAsync();
        await client.PingAsync();
        await server.Server.StopAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => client.PingAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }

    // 1 KiB frames, so a header can announce a body over the limit.
    private static TestServer StartWithSmallFrames() =>
        TestServer.Start(o => new() { Listen = o.Listen, Limits = new ProtocolLimits(1024, 128, 1024) });

    private static byte[] OversizedQueryHeader(ulong id)
    {
        byte[] header = new byte[ProtocolConstants.HeaderSize];
        FrameHeader.Write(header, FrameType.Query, FrameFlags.None, id, bodyLength: 4096);
        return header;
    }

    // Byte 4 is the protocol's magic byte: a wrong one means framing is lost.
    private static byte[] WithWrongMagic(byte[] frame)
    {
        frame[4] = (byte)'G';
        return frame;
    }
}
