using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;

namespace Engine.Protocol.Tests.Client;

/// <summary>The client against a scripted server: pipelining, cancellation, reconnect, Error frames and fail-closed decoding.</summary>
public sealed class EngineClientTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    // "allow-N" is allowed with Sid "SN"; anything else is an implicit deny.
    private static Reply.Decide ByName(string principal) => principal.StartsWith("allow-", StringComparison.Ordinal)
        ? new Reply.Decide(ResponseStatus.Ok, Decision.Allow, "S" + principal[6..])
        : new Reply.Decide(ResponseStatus.Ok, Decision.ImplicitDeny);

    [Fact]
    public async Task Pipelined_answers_that_come_back_out_of_order_reach_their_own_queries()
    {
        const int Queries = 500;
        await using var server = new ScriptedServer(p => new Reply.Hold(ByName(p)));
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address);

        Task<DecisionResult>[] calls = [.. Enumerable.Range(0, Queries).Select(i =>
            client.QueryAsync(i % 2 == 0 ? $"allow-{i}" : $"deny-{i}", "s3:GetObject", "*").AsTask())];
        Assert.Equal(Queries, client.Outstanding);
        await WaitUntil(() => server.HeldCount == Queries);
        server.ReleaseHeld();

        DecisionResult[] results = await Task.WhenAll(calls).WaitAsync(s_timeout);
        Assert.Equal(Queries, results.Select(r => r.RequestId).Distinct().Count());
        for (int i = 0; i < Queries; i++)
        {
            Assert.Equal(i % 2 == 0 ? Decision.Allow : Decision.ImplicitDeny, results[i].Decision);
            Assert.Equal(i % 2 == 0 ? $"S{i}" : string.Empty, results[i].Sid);
            Assert.Equal(i % 2 == 0, results[i].IsAllowed);
            Assert.Equal(7UL, results[i].Revision);
        }

        Assert.Equal(0, client.Outstanding);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task More_queries_than_slots_wait_for_a_free_slot()
    {
        await using var server = new ScriptedServer(ByName);
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address, new EngineClientOptions { MaxInFlight = 4 });
        DecisionResult[] results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            client.QueryAsync($"allow-{i}", "s3:GetObject", "*").AsTask())).WaitAsync(s_timeout);
        Assert.All(results, (r, i) => Assert.Equal($"S{i}", r.Sid));
        Assert.Equal(0, client.Outstanding);
    }

    [Fact]
    public async Task A_cancelled_query_throws_and_its_late_answer_is_dropped()
    {
        bool hold = true;
        await using var server = new ScriptedServer(p => Volatile.Read(ref hold) ? new Reply.Hold(new Reply.Decide(ResponseStatus.Ok, Decision.Allow, "Late")) : ByName(p));
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address, new EngineClientOptions { MaxInFlight = 1 });

        using var cancel = new CancellationTokenSource();
        ValueTask<DecisionResult> pending = client.QueryAsync("allow-1", "s3:GetObject", "*", cancellationToken: cancel.Token);
        await WaitUntil(() => server.HeldCount == 1);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
        Assert.Equal(0, client.Outstanding);

        // The one slot is reused; the held (late) Allow arrives first and must not answer this query.
        Volatile.Write(ref hold, false);
        ValueTask<DecisionResult> next = client.QueryAsync("deny-2", "s3:GetObject", "*");
        server.ReleaseHeld();
        DecisionResult result = await next.AsTask().WaitAsync(s_timeout);
        Assert.Equal(Decision.ImplicitDeny, result.Decision);
        Assert.Equal(string.Empty, result.Sid);
        Assert.Equal(Decision.Allow, (await client.QueryAsync("allow-3", "s3:GetObject", "*")).Decision);
    }

    [Fact]
    public async Task An_already_cancelled_token_fails_without_sending()
    {
        await using var server = new ScriptedServer(ByName);
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await client.QueryAsync("allow-1", "s3:GetObject", "*", cancellationToken: new CancellationToken(canceled: true)));
        Assert.Equal(0, client.Outstanding);
    }

    [Fact]
    public async Task A_dropped_connection_fails_the_queries_in_flight_and_the_next_query_reconnects()
    {
        await using var server = new ScriptedServer(p => p.StartsWith("drop", StringComparison.Ordinal) ? new Reply.Drop() : p.StartsWith("hold", StringComparison.Ordinal) ? new Reply.Hold(ByName(p)) : ByName(p));
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address);

        ValueTask<DecisionResult> held = client.QueryAsync("hold-1", "s3:GetObject", "*");
        await WaitUntil(() => server.HeldCount == 1);
        EngineConnectionException dropped = await Assert.ThrowsAsync<EngineConnectionException>(async () => await client.QueryAsync("drop", "s3:GetObject", "*"));
        Assert.Contains("closed the connection", dropped.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<EngineConnectionException>(async () => await held);
        Assert.Equal(0, client.Outstanding);

        DecisionResult after = await client.QueryAsync("allow-5", "s3:GetObject", "*").AsTask().WaitAsync(s_timeout);
        Assert.Equal((Decision.Allow, "S5"), (after.Decision, after.Sid));
        Assert.Equal(2, server.Accepted);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Reconnecting_to_a_server_that_is_gone_fails_clearly_and_backs_off()
    {
        var server = new ScriptedServer(p => new Reply.Drop());
        var options = new EngineClientOptions { MinReconnectDelay = TimeSpan.FromMilliseconds(300), MaxReconnectDelay = TimeSpan.FromMilliseconds(600) };
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address, options);
        await server.DisposeAsync();

        await Assert.ThrowsAsync<EngineConnectionException>(async () => await client.QueryAsync("x", "s3:GetObject", "*"));
        EngineConnectionException first = await Assert.ThrowsAsync<EngineConnectionException>(async () => await client.QueryAsync("x", "s3:GetObject", "*"));
        Assert.StartsWith("cannot connect to the engine server at `127.0.0.1:", first.Message, StringComparison.Ordinal);

        // The attempt after a failed one waits out the delay (a lower bound only: the machine may be slow).
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        await Assert.ThrowsAsync<EngineConnectionException>(async () => await client.QueryAsync("x", "s3:GetObject", "*"));
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public async Task A_connect_to_nothing_fails_with_a_connection_exception()
    {
        var server = new ScriptedServer(ByName);
        ListenAddress address = server.Address;
        await server.DisposeAsync();
        await Assert.ThrowsAsync<EngineConnectionException>(() => EngineClient.ConnectAsync(address));
    }

    [Fact]
    public async Task An_error_frame_fails_its_query_only()
    {
        await using var server = new ScriptedServer(p => p == "bad" ? new Reply.Error(ResponseStatus.Malformed, Closing: false, "bad context") : ByName(p));
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address);
        EngineServerException refused = await Assert.ThrowsAsync<EngineServerException>(async () => await client.QueryAsync("bad", "s3:GetObject", "*"));
        Assert.Equal(ResponseStatus.Malformed, refused.Status);
        Assert.Contains("bad context", refused.Message, StringComparison.Ordinal);
        Assert.True((await client.QueryAsync("allow-1", "s3:GetObject", "*")).IsAllowed);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task A_closing_error_frame_fails_every_query_in_flight()
    {
        await using var server = new ScriptedServer(p => p == "overload"
            ? new Reply.Error(ResponseStatus.Overloaded, Closing: true, "too many connections", EchoId: false)
            : new Reply.Hold(ByName(p)));
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address);
        ValueTask<DecisionResult> held = client.QueryAsync("allow-1", "s3:GetObject", "*");
        await WaitUntil(() => server.HeldCount == 1);
        _ = client.QueryAsync("overload", "s3:GetObject", "*").AsTask();
        EngineConnectionException failed = await Assert.ThrowsAsync<EngineConnectionException>(async () => await held);
        EngineServerException cause = Assert.IsType<EngineServerException>(failed.InnerException);
        Assert.Equal(ResponseStatus.Overloaded, cause.Status);
    }

    [Theory]
    [InlineData((byte)ResponseStatus.UnknownPrincipal, Decision.Allow)]
    [InlineData((byte)ResponseStatus.InternalError, Decision.ExplicitDeny)]
    [InlineData((byte)0x7F, Decision.Allow)]
    [InlineData((byte)ResponseStatus.Ok, (Decision)9)]
    public async Task A_decision_that_breaks_fail_closed_is_never_an_answer(byte status, Decision decision)
    {
        await using var server = new ScriptedServer(p => new Reply.Decide(ResponseStatus.Ok, decision, RawStatus: status));
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address);
        EngineConnectionException failed = await Assert.ThrowsAsync<EngineConnectionException>(async () => await client.QueryAsync("x", "s3:GetObject", "*"));
        Assert.IsType<InvalidDataException>(failed.InnerException);
    }

    [Theory]
    [InlineData(ResponseStatus.UnknownPrincipal)]
    [InlineData(ResponseStatus.NotReady)]
    public async Task A_failed_status_is_a_deny(ResponseStatus status)
    {
        await using var server = new ScriptedServer(p => new Reply.Decide(status, Decision.ImplicitDeny));
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address);
        DecisionResult result = await client.QueryAsync("x", "s3:GetObject", "*");
        Assert.Equal((status, Decision.ImplicitDeny, false), (result.Status, result.Decision, result.IsAllowed));
    }

    [Fact]
    public async Task Disposing_fails_the_queries_in_flight_and_refuses_new_ones()
    {
        await using var server = new ScriptedServer(p => new Reply.Hold(ByName(p)));
        EngineClient client = await EngineClient.ConnectAsync(server.Address);
        ValueTask<DecisionResult> held = client.QueryAsync("allow-1", "s3:GetObject", "*");
        await WaitUntil(() => server.HeldCount == 1);
        await client.DisposeAsync();
        EngineConnectionException failed = await Assert.ThrowsAsync<EngineConnectionException>(async () => await held);
        Assert.Contains("disposed", failed.Message, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => { _ = client.QueryAsync("allow-2", "s3:GetObject", "*").AsTask(); });
    }

    [Fact]
    public async Task A_query_that_cannot_be_encoded_throws_and_frees_its_slot()
    {
        await using var server = new ScriptedServer(ByName);
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address, new EngineClientOptions { MaxInFlight = 1 });
        Assert.ThrowsAny<ArgumentException>(() => { _ = client.QueryAsync("\ud800", "s3:GetObject", "*").AsTask(); });
        Assert.Equal(0, client.Outstanding);
        Assert.True((await client.QueryAsync("allow-1", "s3:GetObject", "*")).IsAllowed);
    }

    [Fact]
    public async Task A_client_created_unconnected_connects_on_its_first_query()
    {
        await using var server = new ScriptedServer(ByName);
        await using EngineClient client = EngineClient.Create(server.Address);
        Assert.False(client.IsConnected);
        Assert.True((await client.QueryAsync("allow-1", "s3:GetObject", "*")).IsAllowed);
        Assert.True(client.IsConnected);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!condition())
        {
            Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < s_timeout, "timed out waiting for the server");
            await Task.Delay(5);
        }
    }
}
