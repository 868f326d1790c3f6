using System.Text;
using Engine.Host.Server;
using Engine.Host.Tests.Server;
using Engine.LoadGen.Cli;
using Engine.LoadGen.Reporting;
using Engine.LoadGen.Running;
using Engine.LoadGen.Workload;

namespace Engine.Host.Tests.Auth;

/// <summary><c>engine-loadgen --tls ... --auth-token-file</c> against a real server that requires both.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LoadGenTlsTests : IDisposable
{
    private const string Token = "the-load-generator-token-0123456789";
    private readonly TestCertificates _pki = TestCertificates.Create();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task A_binary_run_over_tls_with_a_client_certificate_and_the_token_gets_every_answer()
    {
        string tokenFile = _pki.PathOf("token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n", Encoding.ASCII);
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using TestServer server = TestServer.Start(o => o with
        {
            Tls = new ServerTlsOptions
            {
                ServerCertificate = _pki.Server,
                ClientCertificateAuthorities = [_pki.Authority],
                AllowList = new ClientCertificateAllowList([TestCertificates.AllowedSubject], []),
            },
            AuthToken = SharedSecret.Load(tokenFile),
        });
        LoadGenOptions options = LoadGenOptions.Parse(
        [
            "--connect", server.Address.ToString(), "--connections", "2", "--pipeline", "4", "--seconds", "0.3", "--warmup", "0",
            "--tls-ca", _pki.PathOf("ca.pem"), "--tls-cert", _pki.PathOf("client.pem"), "--tls-key", _pki.PathOf("client-key.pem"),
            "--auth-token-file", tokenFile,
        ]);

        LoadSummary summary = await LoadRunner.RunAsync(
            options.Connect!, CaseWorkload.Load([CaseWorkload.FindDefaultCases()]), options, progress: null, metricsUrl: null, CancellationToken.None);

        // The generator's default cases (the MFA seed) against the same policies: every answer right.
        Assert.True(summary.Requests > 0);
        Assert.Equal(0, summary.Errors);
        Assert.Equal(0, summary.Mismatches);
        Assert.Equal(0UL, server.Server.GetStats()[(int)Engine.Protocol.StatsCounter.ErrorsUnauthorized]);
    }

    [Fact]
    public void Tls_with_spawn_or_a_gateway_protocol_is_a_usage_error()
    {
        Assert.Contains("binary run with --connect", Assert.Throws<UsageException>(() => LoadGenOptions.Parse(["--spawn", "--tls"])).Message, StringComparison.Ordinal);
        Assert.Contains("binary run with --connect", Assert.Throws<UsageException>(() => LoadGenOptions.Parse(["--connect", "127.0.0.1:1", "--protocol", "http", "--tls"])).Message, StringComparison.Ordinal);
    }
}
