using Engine.Testing;

namespace Engine.Host.Tests.Gateway;

/// <summary>docs/gateways.md quotes the nginx and Caddy configurations the integration tests run; this keeps them the same.</summary>
public class GatewayDocsTests
{
    private static readonly string s_doc = File.ReadAllText(Path.Combine(RepositoryPaths.RepositoryRoot, "docs", "gateways.md")).ReplaceLineEndings("\n");

    private static string Block(string config, string firstLine)
    {
        string[] lines = config.ReplaceLineEndings("\n").Split('\n');
        int start = Array.FindIndex(lines, l => l.TrimStart().StartsWith(firstLine, StringComparison.Ordinal));
        Assert.True(start >= 0, $"`{firstLine}` is not in the test's configuration");
        int indent = lines[start].Length - lines[start].TrimStart().Length;
        int end = Array.FindIndex(lines, start + 1, l => l.Length - l.TrimStart().Length == indent && l.Trim() == "}");
        return string.Join('\n', lines[start..(end + 1)].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [Fact]
    public void Nginx_config_in_the_docs_is_the_tested_one()
    {
        string tested = Block(RealGateways.NginxConfig(8000, new Uri("http://127.0.0.1:7071"), 8080, "/tmp/x"), "server {");
        Assert.Contains(tested, s_doc, StringComparison.Ordinal);
    }

    [Fact]
    public void Nginx_mutual_tls_location_in_the_docs_is_the_tested_one()
    {
        string tested = Block(RealGateways.NginxConfig(8000, new Uri("https://127.0.0.1:7071"), 8080, "/tmp/x", "/etc/engine/pki"), "location = /_engine {");
        Assert.True(s_doc.Contains(tested, StringComparison.Ordinal), "docs/gateways.md lacks:\n" + tested);
    }

    [Fact]
    public void Caddyfile_in_the_docs_is_the_tested_one()
    {
        string tested = Block(RealGateways.CaddyConfig(8000, new Uri("http://127.0.0.1:7071"), 8080, "/tmp/x"), "http://127.0.0.1:8000 {");
        Assert.Contains(tested, s_doc, StringComparison.Ordinal);
    }
}
