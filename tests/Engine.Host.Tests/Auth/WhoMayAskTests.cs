using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Engine.Host.Cli;
using Engine.Host.Server;
using Engine.Host.Tests.Server;
using Engine.Protocol;
using Engine.Protocol.Client;
using Engine.Runtime.Evaluation;
using static Engine.Host.Tests.Server.MfaQueries;

namespace Engine.Host.Tests.Auth;

/// <summary>
/// Issue #14 finding 7, "whoever can connect is trusted": TLS with an allow-listed client
/// certificate, and the shared-secret Hello, each on a real server over loopback or a Unix socket.
/// A refused connection gets at most one Unauthorized Error frame, then the close — never a Decision.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WhoMayAskTests : IDisposable
{
    private const string Token = "s3cr3t-t0ken-for-the-tests-0123456789";
    private readonly TestCertificates _pki = TestCertificates.Create();

    public void Dispose() => _pki.Dispose();

    internal static SslClientAuthenticationOptions ClientTls(X509Certificate2 authority, X509Certificate2? clientCertificate)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(authority);
        return new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateChainPolicy = policy,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
        };
    }

    // ---- TLS ----

    [Fact]
    public async Task Tls_with_an_allowed_client_certificate_answers_queries_and_stats()
    {
        await using TestServer server = StartTls(ClientCertificates(subjects: [TestCertificates.AllowedSubject]));
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address, new EngineClientOptions { Tls = ClientTls(_pki.Authority, _pki.AllowedClient) });

        DecisionResult allowed = await client.QueryAsync(Alice, "iam:DeactivateMFADevice", "arn:aws:iam::111122223333:user/alice", null, Context("alice", mfa: true));
        DecisionResult denied = await client.QueryAsync(Alice, "iam:DeactivateMFADevice", "arn:aws:iam::111122223333:user/alice", null, Context("alice", mfa: false));
        StatsResponse stats = await client.StatsAsync();

        Assert.True(allowed.IsAllowed);
        Assert.Equal(Decision.ExplicitDeny, denied.Decision);
        Assert.Equal(2UL, stats.Get(StatsCounter.DecisionsAllow) + stats.Get(StatsCounter.DecisionsExplicitDeny));
        Assert.Equal(0UL, stats.Get(StatsCounter.ErrorsUnauthorized));
    }

    [Fact]
    public async Task A_client_certificate_is_allowed_by_a_uri_subject_alternative_name()
    {
        await using TestServer server = StartTls(ClientCertificates(sans: [TestCertificates.AllowedSan]));
        using (StreamConnection allowed = StreamConnection.Tls(server.Address, _pki.Authority, _pki.AllowedClient))
        {
            allowed.Send(AliceAllowed(1));
            Assert.Equal(Decision.Allow, Assert.IsType<DecisionResponse>(allowed.ReadResponse()).Decision);
        }

        AssertRefusedWithoutDecision(server, () => StreamConnection.Tls(server.Address, _pki.Authority, _pki.UnlistedClient), expectUnauthorizedFrame: true);
    }

    [Fact]
    public async Task Tls_without_client_certificates_serves_any_client_over_tls()
    {
        await using TestServer server = StartTls(new ServerTlsOptions { ServerCertificate = _pki.Server });
        using StreamConnection connection = StreamConnection.Tls(server.Address, _pki.Authority, null);
        connection.Send(AliceAllowed(7));
        DecisionResponse answer = Assert.IsType<DecisionResponse>(connection.ReadResponse());
        Assert.Equal((7UL, Decision.Allow), (answer.RequestId, answer.Decision));
    }

    [Fact]
    public async Task A_connection_refused_for_room_on_a_tls_listener_is_closed_without_a_plaintext_frame()
    {
        await using TestServer server = TestServer.Start(o => o with
        {
            Tls = new ServerTlsOptions { ServerCertificate = _pki.Server },
            MaxConnections = 1,
            EvictIdleAfter = Timeout.InfiniteTimeSpan,
        });
        using StreamConnection first = StreamConnection.Tls(server.Address, _pki.Authority, null);
        first.Send(AliceAllowed(1));
        Assert.Equal(Decision.Allow, Assert.IsType<DecisionResponse>(first.ReadResponse()).Decision);

        // The newcomer's first bytes would be read as a TLS record: the server sends none.
        using (var newcomer = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            newcomer.Connect(server.Address.EndPoint);
            newcomer.ReceiveTimeout = 10_000;
            byte[] buffer = new byte[64];
            int read;
            try
            {
                read = newcomer.Receive(buffer);
            }
            catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionReset)
            {
                read = 0;
            }

            Assert.Equal(0, read);
        }

        Assert.Equal(1UL, server.Server.GetStats()[(int)StatsCounter.ErrorsOverloaded]);
        first.Send(AliceAllowed(2));
        Assert.Equal(Decision.Allow, Assert.IsType<DecisionResponse>(first.ReadResponse()).Decision);
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused_counted_and_never_answered()
    {
        await using TestServer server = StartTls(ClientCertificates(subjects: [TestCertificates.AllowedSubject]));
        AssertRefusedWithoutDecision(server, () => StreamConnection.Tls(server.Address, _pki.Authority, null), expectUnauthorizedFrame: false);

        await using var client = EngineClient.Create(server.Address, new EngineClientOptions { Tls = ClientTls(_pki.Authority, null) });
        await Assert.ThrowsAsync<EngineConnectionException>(async () =>
            await client.QueryAsync(Alice, "iam:DeactivateMFADevice", "arn:aws:iam::111122223333:user/alice", null, Context("alice", mfa: true)));
    }

    [Fact]
    public async Task A_certificate_not_on_the_allow_list_gets_Unauthorized_then_the_close()
    {
        await using TestServer server = StartTls(ClientCertificates(subjects: [TestCertificates.AllowedSubject]));
        AssertRefusedWithoutDecision(server, () => StreamConnection.Tls(server.Address, _pki.Authority, _pki.UnlistedClient), expectUnauthorizedFrame: true);
    }

    [Fact]
    public async Task A_certificate_with_an_allowed_name_from_another_CA_is_refused()
    {
        await using TestServer server = StartTls(ClientCertificates(subjects: [TestCertificates.AllowedSubject], sans: [TestCertificates.AllowedSan]));
        AssertRefusedWithoutDecision(server, () => StreamConnection.Tls(server.Address, _pki.Authority, _pki.ForeignClient), expectUnauthorizedFrame: false);
    }

    [Fact]
    public void The_allow_list_matches_subjects_however_written_dns_names_in_any_case_and_uris_exactly()
    {
        var bySubject = new ClientCertificateAllowList(["CN=billing,O=Engine Tests"], []);
        var byDns = new ClientCertificateAllowList([], ["BILLING.internal"]);
        var byUri = new ClientCertificateAllowList([], [TestCertificates.AllowedSan]);
        var wrongUri = new ClientCertificateAllowList([], ["spiffe://engine.test/BILLING"]);

        Assert.True(bySubject.Allows(_pki.AllowedClient));
        Assert.True(byDns.Allows(_pki.AllowedClient));
        Assert.True(byUri.Allows(_pki.AllowedClient));
        Assert.False(wrongUri.Allows(_pki.AllowedClient));
        Assert.False(bySubject.Allows(_pki.UnlistedClient));
        Assert.False(byDns.Allows(_pki.UnlistedClient));
        Assert.True(ClientCertificateAllowList.Empty.Allows(_pki.UnlistedClient));
        Assert.Throws<ArgumentException>(() => new ClientCertificateAllowList(["not a name=,=="], []));
    }

    [Fact]
    public void Tls_on_a_unix_socket_is_refused_with_a_clear_message()
    {
        var options = new ServerOptions { Listen = ListenAddress.Unix("/tmp/never.sock"), Tls = new ServerTlsOptions { ServerCertificate = _pki.Server } };
        ArgumentException e = Assert.Throws<ArgumentException>(() => new DecisionServer(new PolicySourceHolder(TestSources.Default()), options));
        Assert.Contains("TLS is for TCP listeners", e.Message, StringComparison.Ordinal);

        UsageException usage = Assert.Throws<UsageException>(() => ServeCommand.ParseOptions(
            ["--listen", "unix:/tmp/never.sock", "--tls-cert", _pki.PathOf("server.pem"), "--tls-key", _pki.PathOf("server-key.pem")], TextWriter.Null, null));
        Assert.Contains("TLS is for a TCP --listen", usage.Message, StringComparison.Ordinal);
    }

    // ---- the token ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_first_frame_that_is_not_a_Hello_gets_Unauthorized_and_the_close(bool unix)
    {
        await using TestServer server = StartWithToken(unix);
        AssertTokenRefusal(server, AliceAllowed(5), expectedId: 5);
        AssertTokenRefusal(server, Frame(FrameType.StatsRequest, FrameFlags.None, 6, []), expectedId: 6);
        AssertTokenRefusal(server, Frame(FrameType.Ping, FrameFlags.None, 7, []), expectedId: 7);
        AssertTokenRefusal(server, Hello(8, "wrong-token-of-enough-length-0000"), expectedId: 8);
        AssertTokenRefusal(server, Hello(9, Token[..^1]), expectedId: 9);
        AssertTokenRefusal(server, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(), expectedId: 0);
        Assert.Equal(6UL, server.Server.GetStats()[(int)StatsCounter.ErrorsUnauthorized]);
        Assert.Equal(0UL, server.Server.GetStats()[(int)StatsCounter.DecisionsAllow]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_Hello_with_the_token_is_answered_with_a_Pong_and_queries_pipelined_behind_it_are_answered(bool unix)
    {
        await using TestServer server = StartWithToken(unix);
        using StreamConnection connection = StreamConnection.Plain(server.Address);
        connection.Send([.. Hello(1, Token), .. AliceAllowed(2), .. Frame(FrameType.StatsRequest, FrameFlags.None, 3, [])]);

        Assert.Equal(1UL, Assert.IsType<PongResponse>(connection.ReadResponse()).RequestId);
        Assert.Equal(Decision.Allow, Assert.IsType<DecisionResponse>(connection.ReadResponse()).Decision);
        StatsResponse stats = Assert.IsType<StatsResponse>(connection.ReadResponse());
        Assert.Equal(1UL, stats.Get(StatsCounter.DecisionsAllow));
    }

    [Fact]
    public async Task The_client_sends_its_token_and_a_wrong_one_fails_to_connect_with_Unauthorized()
    {
        await using TestServer server = StartWithToken(unix: false);
        await using (EngineClient client = await EngineClient.ConnectAsync(server.Address, new EngineClientOptions { AuthToken = Encoding.ASCII.GetBytes(Token) }))
        {
            Assert.True((await client.QueryAsync(Alice, "iam:DeactivateMFADevice", "arn:aws:iam::111122223333:user/alice", null, Context("alice", mfa: true))).IsAllowed);
            Assert.Equal(1UL, (await client.StatsAsync()).Get(StatsCounter.DecisionsAllow));
        }

        EngineConnectionException e = await Assert.ThrowsAsync<EngineConnectionException>(() =>
            EngineClient.ConnectAsync(server.Address, new EngineClientOptions { AuthToken = Encoding.ASCII.GetBytes("another-token-of-enough-length") }));
        Assert.Equal(ResponseStatus.Unauthorized, Assert.IsType<EngineServerException>(e.InnerException).Status);
    }

    [Fact]
    public async Task Token_and_client_certificates_together_both_are_required()
    {
        string tokenFile = WriteToken(Token);
        await using TestServer server = TestServer.Start(o => o with
        {
            Tls = ClientCertificates(subjects: [TestCertificates.AllowedSubject]),
            AuthToken = SharedSecret.Load(tokenFile),
        });
        var options = new EngineClientOptions { Tls = ClientTls(_pki.Authority, _pki.AllowedClient), AuthToken = Encoding.ASCII.GetBytes(Token) };
        await using (EngineClient client = await EngineClient.ConnectAsync(server.Address, options))
        {
            Assert.True((await client.QueryAsync(Alice, "iam:DeactivateMFADevice", "arn:aws:iam::111122223333:user/alice", null, Context("alice", mfa: true))).IsAllowed);
        }

        using StreamConnection noToken = StreamConnection.Tls(server.Address, _pki.Authority, _pki.AllowedClient);
        noToken.Send(Frame(FrameType.StatsRequest, FrameFlags.None, 4, []));
        ErrorResponse refused = Assert.IsType<ErrorResponse>(Assert.Single(noToken.ReadUntilClosed()));
        Assert.Equal((ResponseStatus.Unauthorized, true), (refused.Status, refused.Closing));
    }

    [Fact]
    public async Task A_server_without_a_token_answers_a_Hello_with_a_Pong()
    {
        await using TestServer server = TestServer.Start();
        await using EngineClient client = await EngineClient.ConnectAsync(server.Address, new EngineClientOptions { AuthToken = Encoding.ASCII.GetBytes(Token) });
        Assert.True((await client.QueryAsync(Alice, "iam:DeactivateMFADevice", "arn:aws:iam::111122223333:user/alice", null, Context("alice", mfa: true))).IsAllowed);
    }

    [Fact]
    public async Task A_reload_reads_a_rotated_token_and_a_broken_token_file_keeps_the_old_one()
    {
        string tokenFile = WriteToken(Token);
        await using TestServer server = TestServer.Start(o => o with { AuthToken = SharedSecret.Load(tokenFile) });
        const string Rotated = "the-rotated-token-0123456789abcdef";
        File.WriteAllText(tokenFile, Rotated + "\n");
        server.Server.Reload();
        AssertTokenRefusal(server, Hello(1, Token), expectedId: 1);
        AssertHelloAccepted(server, Rotated);

        File.WriteAllText(tokenFile, "short");
        server.Server.Reload();
        AssertHelloAccepted(server, Rotated);
    }

    [Fact]
    public void A_token_file_every_user_can_read_or_a_short_token_is_refused()
    {
        string tokenFile = WriteToken(Token);
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Assert.Contains("readable by every user", Assert.Throws<IOException>(() => SharedSecret.Load(tokenFile)).Message, StringComparison.Ordinal);

        string shortFile = WriteToken("0123456789");
        Assert.Contains("has 10 bytes", Assert.Throws<IOException>(() => SharedSecret.Load(shortFile)).Message, StringComparison.Ordinal);

        UsageException usage = Assert.Throws<UsageException>(() => ServeCommand.ParseOptions(["--auth-token-file", shortFile], TextWriter.Null, null));
        Assert.StartsWith("--auth-token-file:", usage.Message, StringComparison.Ordinal);
    }

    // ---- the command line ----

    [Fact]
    public async Task Engine_query_and_stats_connect_with_tls_a_client_certificate_and_the_token()
    {
        string tokenFile = WriteToken(Token);
        ServeOptions serve = ServeCommand.ParseOptions(
            [
                "--listen", "127.0.0.1:0", "--no-watch",
                "--tls-cert", _pki.PathOf("server.pem"), "--tls-key", _pki.PathOf("server-key.pem"),
                "--tls-client-ca", _pki.PathOf("ca.pem"), "--tls-allow-subject", TestCertificates.AllowedSubject,
                "--auth-token-file", tokenFile,
            ],
            TextWriter.Null,
            null)!;
        await using TestServer server = TestServer.Start(o => o with { Tls = serve.Server.Tls, AuthToken = serve.Server.AuthToken });
        string[] connect =
        [
            "--connect", server.Address.ToString(), "--tls-ca", _pki.PathOf("ca.pem"), "--tls-server-name", "localhost",
            "--tls-cert", _pki.PathOf("client.pem"), "--tls-key", _pki.PathOf("client-key.pem"), "--auth-token-file", tokenFile,
        ];

        var output = new StringWriter();
        int exit = await Task.Run(() => QueryCommand.Run(
            [.. connect, "--principal", Alice, "--action", "iam:DeactivateMFADevice", "--resource", "arn:aws:iam::111122223333:user/alice",
             "--context", "aws:username=alice", "--context", "aws:MultiFactorAuthPresent=true"],
            output));
        Assert.Equal(0, exit);
        Assert.StartsWith("decision: Allow", output.ToString(), StringComparison.Ordinal);

        var stats = new StringWriter();
        Assert.Equal(0, await Task.Run(() => StatsCommand.Run([.. connect, "--json"], stats)));
        Assert.Contains("\"errors_unauthorized\": 0", stats.ToString(), StringComparison.Ordinal);

        UsageException refused = await Assert.ThrowsAsync<UsageException>(() => Task.Run(() => StatsCommand.Run(connect[..^2], TextWriter.Null)));
        Assert.Contains("Unauthorized", refused.Message, StringComparison.Ordinal);
    }

    // ---- helpers ----

    private ServerTlsOptions ClientCertificates(string[]? subjects = null, string[]? sans = null) => new()
    {
        ServerCertificate = _pki.Server,
        ClientCertificateAuthorities = [_pki.Authority],
        AllowList = new ClientCertificateAllowList(subjects ?? [], sans ?? []),
    };

    private static TestServer StartTls(ServerTlsOptions tls) => TestServer.Start(o => o with { Tls = tls });

    private TestServer StartWithToken(bool unix)
    {
        string tokenFile = WriteToken(Token);
        return TestServer.Start(o => o with { AuthToken = SharedSecret.Load(tokenFile) }, unix);
    }

    private string WriteToken(string token)
    {
        string path = Path.Combine(_pki.Directory, $"token-{Guid.NewGuid():N}");
        File.WriteAllText(path, token + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private static byte[] Hello(ulong id, string token)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        FrameWriter.WriteHello(buffer, id, Encoding.ASCII.GetBytes(token));
        return buffer.WrittenSpan.ToArray();
    }

    private static void AssertTokenRefusal(TestServer server, byte[] firstFrame, ulong expectedId)
    {
        using StreamConnection connection = StreamConnection.Plain(server.Address);
        connection.Send([.. firstFrame, .. AliceAllowed(100)]);
        ErrorResponse refused = Assert.IsType<ErrorResponse>(Assert.Single(connection.ReadUntilClosed()));
        Assert.Equal((expectedId, ResponseStatus.Unauthorized, true), (refused.RequestId, refused.Status, refused.Closing));
    }

    private static void AssertHelloAccepted(TestServer server, string token)
    {
        using StreamConnection connection = StreamConnection.Plain(server.Address);
        connection.Send([.. Hello(1, token), .. AliceAllowed(2)]);
        Assert.IsType<PongResponse>(connection.ReadResponse());
        Assert.Equal(Decision.Allow, Assert.IsType<DecisionResponse>(connection.ReadResponse()).Decision);
    }

    // The connection either fails its handshake or, once it sends a query, reads nothing but (at
    // most) an Unauthorized Error and the close; the refusal is counted.
    private static void AssertRefusedWithoutDecision(TestServer server, Func<StreamConnection> connect, bool expectUnauthorizedFrame)
    {
        ulong before = server.Server.GetStats()[(int)StatsCounter.ErrorsUnauthorized];
        List<ServerResponse> responses = [];
        try
        {
            using StreamConnection connection = connect();
            connection.Send([.. AliceAllowed(1), .. Frame(FrameType.StatsRequest, FrameFlags.None, 2, [])]);
            responses = connection.ReadUntilClosed();
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            // Refused during the handshake (TLS 1.2), or on the first write after it (TLS 1.3).
        }

        Assert.DoesNotContain(responses, r => r is DecisionResponse or StatsResponse);
        if (expectUnauthorizedFrame)
        {
            ErrorResponse refused = Assert.IsType<ErrorResponse>(Assert.Single(responses));
            Assert.Equal((ResponseStatus.Unauthorized, true), (refused.Status, refused.Closing));
        }
        else
        {
            Assert.Empty(responses);
        }

        // Counted before the close the client saw, except for a TLS failure, counted just after it.
        for (int i = 0; i < 500 && server.Server.GetStats()[(int)StatsCounter.ErrorsUnauthorized] == before; i++)
        {
            Thread.Sleep(10);
        }

        Assert.Equal(before + 1, server.Server.GetStats()[(int)StatsCounter.ErrorsUnauthorized]);
    }
}
