using System.Net;
using System.Net.Sockets;
using Engine.Protocol;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;
using static Engine.Host.Tests.Server.MfaQueries;

namespace Engine.Host.Tests.Server;

/// <summary>
/// Issue #14, finding 5: one complete Ping every few seconds on every connection kept every slot
/// busy, and nothing limited one peer. Raw sockets play the greedy client.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class FairUseTests
{
    private static readonly byte[] s_ping = Frame(FrameType.Ping, FrameFlags.None, 7, []);

    [Fact]
    public async Task A_client_pinging_on_every_connection_no_longer_locks_out_a_new_client()
    {
        await using TestServer server = TestServer.Start(o => o with { MaxConnections = 4, EvictIdleAfter = TimeSpan.FromMilliseconds(200) });
        var greedy = new List<RawConnection>();
        try
        {
            // Every slot taken, each kept alive by a Ping, oldest first.
            for (int i = 0; i < 4; i++)
            {
                RawConnection connection = server.ConnectRaw();
                greedy.Add(connection);
                Ping(connection);
            }

            // Past the eviction's minimum idle time; the greedy client's next Ping is not due yet.
            Thread.Sleep(400);
            for (int i = 1; i < 4; i++)
            {
                Ping(greedy[i]);
            }

            // The newcomer is served; the connection idle longest (the first) made room for it.
            using RawConnection newcomer = server.ConnectRaw();
            Ping(newcomer);
            newcomer.Send(AliceAllowed(9));
            Assert.Equal(Decision.Allow, Assert.IsType<DecisionResponse>(newcomer.ReadResponse()).Decision);

            var error = Assert.IsType<ErrorResponse>(greedy[0].ReadResponse());
            Assert.Equal((0UL, ResponseStatus.Overloaded, true), (error.RequestId, error.Status, error.Closing));
            Assert.Contains("idle longest", error.Message, StringComparison.Ordinal);
            Assert.True(greedy[0].ReadsEndOfStream());

            // The others were not touched.
            for (int i = 1; i < 4; i++)
            {
                Ping(greedy[i]);
            }

            Assert.Equal(1UL, server.Server.GetStats()[(int)StatsCounter.ErrorsOverloaded]);
        }
        finally
        {
            greedy.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_connection_in_the_middle_of_a_frame_is_not_evicted_and_the_newcomer_is_refused()
    {
        await using TestServer server = TestServer.Start(o => o with
        {
            MaxConnections = 1,
            EvictIdleAfter = TimeSpan.FromMilliseconds(100),
            FrameDeadline = TimeSpan.FromMinutes(5),
            MinFrameRate = 0,
        });
        using RawConnection busy = server.ConnectRaw();
        byte[] frame = AliceAllowed(3);
        busy.Send(frame.AsSpan(0, 20));
        await WaitUntil(() => server.Server.ConnectionCount == 1);
        Thread.Sleep(300);

        using (RawConnection newcomer = server.ConnectRaw())
        {
            var error = Assert.IsType<ErrorResponse>(newcomer.ReadResponse());
            Assert.Equal((ResponseStatus.Overloaded, "too many connections"), (error.Status, error.Message));
        }

        busy.Send(frame.AsSpan(20));
        Assert.Equal(Decision.Allow, Assert.IsType<DecisionResponse>(busy.ReadResponse()).Decision);
    }

    [Fact]
    public async Task One_address_over_its_per_peer_limit_is_refused_while_another_address_is_served()
    {
        await using TestServer server = TestServer.Start(o => o with { MaxConnectionsPerPeer = 2 });
        using RawConnection first = server.ConnectRaw();
        using RawConnection second = server.ConnectRaw();
        Ping(first);
        Ping(second);
        using (RawConnection third = server.ConnectRaw())
        {
            var error = Assert.IsType<ErrorResponse>(third.ReadResponse());
            Assert.Equal((0UL, ResponseStatus.Overloaded, true, "too many connections from this peer"), (error.RequestId, error.Status, error.Closing, error.Message));
            Assert.True(third.ReadsEndOfStream());
        }

        // Another loopback address is another peer (Linux routes all of 127.0.0.0/8 to lo).
        using (RawConnection other = ConnectFrom(IPAddress.Parse("127.0.0.2"), server.Address.EndPoint))
        {
            Ping(other);
        }

        // A connection that closes gives its place back to its peer.
        first.Dispose();
        await WaitUntil(() => server.Server.ConnectionCount == 1);
        using RawConnection again = server.ConnectRaw();
        Ping(again);
    }

    [Fact]
    public async Task One_user_over_its_per_peer_limit_on_a_unix_socket_is_refused()
    {
        await using TestServer server = TestServer.Start(o => o with { MaxConnectionsPerPeer = 1 }, unix: true);
        using RawConnection first = server.ConnectRaw();
        Ping(first);
        using RawConnection second = server.ConnectRaw();
        var error = Assert.IsType<ErrorResponse>(second.ReadResponse());
        Assert.Equal((ResponseStatus.Overloaded, "too many connections from this peer"), (error.Status, error.Message));
        Ping(first);
    }

    [Fact]
    public async Task A_client_trickling_a_frame_below_the_minimum_rate_is_closed()
    {
        // The frame deadline is far away: only the minimum data rate can end this connection.
        await using TestServer server = TestServer.Start(o => o with
        {
            FrameDeadline = TimeSpan.FromMinutes(10),
            MinFrameRate = 1_000,
            MinFrameRateGracePeriod = TimeSpan.FromMilliseconds(200),
        });
        using RawConnection trickler = server.ConnectRaw();
        byte[] frame = AliceAllowed(4);
        trickler.Send(frame.AsSpan(0, 10));
        Thread.Sleep(100);
        trickler.Send(frame.AsSpan(10, 10));
        Assert.True(trickler.ReadsEndOfStream());

        await using EngineClient client = await server.ConnectAsync();
        Assert.Equal(1UL, (await client.PingAsync()).Revision);
    }

    [Fact]
    public async Task A_frame_arriving_in_pieces_within_the_grace_period_is_answered()
    {
        await using TestServer server = TestServer.Start(o => o with
        {
            FrameDeadline = TimeSpan.FromMinutes(10),
            MinFrameRate = 1_000_000,
            MinFrameRateGracePeriod = TimeSpan.FromSeconds(30),
        });
        using RawConnection client = server.ConnectRaw();
        byte[] frame = AliceAllowed(5);
        for (int i = 0; i < 3; i++)
        {
            client.Send(frame.AsSpan(0, 9));
            Thread.Sleep(150);
            client.Send(frame.AsSpan(9));
            Assert.Equal(Decision.Allow, Assert.IsType<DecisionResponse>(client.ReadResponse()).Decision);
        }
    }

    private static void Ping(RawConnection connection)
    {
        connection.Send(s_ping);
        Assert.IsType<PongResponse>(connection.ReadResponse());
    }

    private static RawConnection ConnectFrom(IPAddress source, EndPoint server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 10_000, SendTimeout = 10_000 };
        socket.Bind(new IPEndPoint(source, 0));
        socket.Connect(server);
        return RawConnection.Wrap(socket);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }
}
