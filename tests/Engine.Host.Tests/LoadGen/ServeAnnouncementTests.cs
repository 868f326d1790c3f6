using Engine.Host.Tests.Gateway;
using Engine.LoadGen.Running;

namespace Engine.Host.Tests.LoadGen;

/// <summary>
/// <c>engine-loadgen --spawn</c> starts the server on port 0 and reads the ports it got from its
/// start-up lines, so that no other listener can take a port between choosing and binding it.
/// </summary>
public class ServeAnnouncementTests
{
    [Fact]
    public void Each_listener_is_read_under_its_own_name()
    {
        var announcement = new ServeAnnouncement();

        announcement.Read("engine serve: no --bundle given, serving the EXAMPLE bundle /x (it allows the example users alice and bob)");
        announcement.Read("engine serve: listening on 127.0.0.1:40095 (bundle /x, revision 16001510739740859978, io inline)");
        Assert.False(announcement.GatewayAnnounced);
        announcement.Read("engine serve: http on http://127.0.0.1:38625, http://unix:/tmp/e.sock; grpc on http://127.0.0.1:37521 (bundle /x, revision 1)");

        Assert.Equal("127.0.0.1:40095", announcement.Binary);
        Assert.True(announcement.GatewayAnnounced);
        Assert.Equal(["http://127.0.0.1:38625", "http://unix:/tmp/e.sock"], announcement.Http);
        Assert.Equal(["http://127.0.0.1:37521"], announcement.Grpc);
        Assert.Equal("127.0.0.1:37521", ServeAnnouncement.HostAndPort(announcement.Grpc[0]));
    }

    [Fact]
    public void A_bundle_path_that_looks_like_a_separator_is_not_read_as_an_address()
    {
        var announcement = new ServeAnnouncement();

        announcement.Read("engine serve: listening on unix:/run/my engine/e.sock (bundle /b (bundle 2); x, revision 1, io inline)");
        announcement.Read("engine serve: http on http://[::1]:8080 (bundle /b (bundle 2); grpc on x, revision 1)");

        Assert.Equal("unix:/run/my engine/e.sock", announcement.Binary);
        Assert.Equal(["http://[::1]:8080"], announcement.Http);
        Assert.Empty(announcement.Grpc);
        Assert.Equal("[::1]:8080", ServeAnnouncement.HostAndPort(announcement.Http[0]));
    }

    [Theory]
    [InlineData("engine serve: stopped")]
    [InlineData("engine serve: http on http://127.0.0.1:1")]
    [InlineData("engine serve: quic on http://127.0.0.1:1 (bundle /b, revision 1)")]
    [InlineData("info: Engine.Host.Server[1] listening on 127.0.0.1:1 (policy revision 1)")]
    public void Other_lines_announce_nothing(string line)
    {
        var announcement = new ServeAnnouncement();

        announcement.Read(line);

        Assert.Null(announcement.Binary);
        Assert.False(announcement.GatewayAnnounced);
    }

    [Fact]
    public void A_url_on_a_schemes_default_port_keeps_its_port()
    {
        // Uri.Authority drops it, and a loopback address without a port is refused.
        Assert.Equal("127.0.0.1:80", ServeAnnouncement.HostAndPort("http://127.0.0.1:80"));
        Assert.Equal("127.0.0.1:443", ServeAnnouncement.HostAndPort("https://127.0.0.1:443"));
    }

    [Fact]
    public void A_grpc_only_server_announces_no_http_listener()
    {
        var announcement = new ServeAnnouncement();

        announcement.Read("engine serve: grpc on https://127.0.0.1:1234 (bundle /x, revision 1, dry run: every request is allowed)");

        Assert.True(announcement.GatewayAnnounced);
        Assert.Empty(announcement.Http);
        Assert.Equal(["https://127.0.0.1:1234"], announcement.Grpc);
        Assert.Null(announcement.Binary);
    }

    [Fact]
    public async Task A_server_on_port_0_announces_the_port_each_listener_got()
    {
        // The lines of a real `engine serve` (in process), as the generator reads them.
        await using GatewayFixture engine = await GatewayFixture.StartAsync("--listen", "127.0.0.1:0", "--grpc", "127.0.0.1:0");
        var announcement = new ServeAnnouncement();
        foreach (string line in engine.Output.ToString().Split(Environment.NewLine))
        {
            announcement.Read(line);
        }

        Assert.Equal(engine.Server!.LocalAddress.ToString(), announcement.Binary);
        Uri http = new(Assert.Single(announcement.Http));
        Uri grpc = new(Assert.Single(announcement.Grpc));
        Assert.NotEqual(0, http.Port);
        Assert.NotEqual(0, grpc.Port);

        // Each is the listener it names: HTTP/1.1 on the http one; the gRPC one speaks only HTTP/2.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using (HttpResponseMessage metrics = await client.GetAsync(new Uri(http, "/metrics")))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, metrics.StatusCode);
        }

        using var h2 = new HttpRequestMessage(HttpMethod.Get, new Uri(grpc, "/metrics")) { Version = System.Net.HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using (HttpResponseMessage metrics = await client.SendAsync(h2))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, metrics.StatusCode);
            Assert.Equal(System.Net.HttpVersion.Version20, metrics.Version);
        }

        // Kestrel turns HTTP/1.1 away from an HTTP/2-only listener with a 400.
        using (HttpResponseMessage refused = await client.GetAsync(new Uri(grpc, "/metrics")))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }
}
