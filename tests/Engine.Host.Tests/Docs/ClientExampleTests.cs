using System.Text.RegularExpressions;
using Engine.Examples;
using Engine.Host.Tests.Server;
using Engine.Testing;

namespace Engine.Host.Tests.Docs;

/// <summary>The example program of docs/client.md: it runs, and the doc quotes it exactly.</summary>
public sealed partial class ClientExampleTests
{
    [Fact]
    public async Task The_client_example_allows_with_mfa_and_denies_without()
    {
        await using TestServer server = TestServer.Start();
        using var output = new StringWriter();
        int exitCode = await ClientExample.RunAsync(server.Address.ToString(), output);
        Assert.Equal("50 of 100 allowed", output.ToString().Trim());
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task The_client_example_denies_when_no_server_answers()
    {
        var server = TestServer.Start();
        string address = server.Address.ToString();
        await server.DisposeAsync();
        using var output = new StringWriter();
        Assert.Equal(1, await ClientExample.RunAsync(address, output));
        Assert.Equal("0 of 100 allowed", output.ToString().Trim());
    }

    [Fact]
    public void The_doc_quotes_the_example_file_exactly()
    {
        string source = File.ReadAllText(Path.Combine(RepositoryPaths.RepositoryRoot, "tests", "Engine.Host.Tests", "Docs", "ClientExample.cs"));
        string doc = File.ReadAllText(Path.Combine(RepositoryPaths.RepositoryRoot, "docs", "client.md"));
        string example = ExampleRegion().Match(source).Groups["code"].Value;
        string quoted = DocBlock().Match(doc).Groups["code"].Value;
        Assert.False(string.IsNullOrWhiteSpace(example));
        Assert.Equal(Normalize(example), Normalize(quoted));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    [GeneratedRegex(@"// <example>\r?\n(?<code>.*?)// </example>", RegexOptions.Singleline)]
    private static partial Regex ExampleRegion();

    // The block right after the marker line in the doc.
    [GeneratedRegex(@"<!-- example: tests/Engine.Host.Tests/Docs/ClientExample.cs -->\r?\n```csharp\r?\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex DocBlock();
}
