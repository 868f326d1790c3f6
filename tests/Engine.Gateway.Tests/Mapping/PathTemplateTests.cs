using Engine.Gateway.Mapping;

namespace Engine.Gateway.Tests.Mapping;

public class PathTemplateTests
{
    [Theory]
    [InlineData("/buckets/{bucket}/objects/{key+}", "/buckets/b1/objects/a/b/c.txt", "bucket=b1;key=a/b/c.txt")]
    [InlineData("/buckets/{bucket}/objects/{key+}", "/buckets/b1/objects/x", "bucket=b1;key=x")]
    [InlineData("/pets/{id}", "/pets/42", "id=42")]
    [InlineData("/pets/{id}", "/pets/a%20b", "id=a b")]
    [InlineData("/pets", "/pets", "")]
    [InlineData("/", "/", "")]
    public void Matches_and_captures(string template, string path, string expected)
    {
        Assert.True(PathTemplate.TryParse(template, out PathTemplate? parsed, out _));
        Assert.True(parsed.TryMatch(path, out Dictionary<string, string>? values));
        Assert.Equal(expected, string.Join(";", values.Select(kv => $"{kv.Key}={kv.Value}")));
    }

    [Theory]
    [InlineData("/buckets/{bucket}/objects/{key+}", "/buckets/b1/objects/")]
    [InlineData("/buckets/{bucket}/objects/{key+}", "/buckets/b1/objects")]
    [InlineData("/buckets/{bucket}/objects/{key+}", "/buckets//objects/k")]
    [InlineData("/pets/{id}", "/pets/42/toys")]
    [InlineData("/pets/{id}", "/pets")]
    [InlineData("/pets", "/Pets")]
    [InlineData("/pets", "pets")]
    public void Does_not_match(string template, string path)
    {
        Assert.True(PathTemplate.TryParse(template, out PathTemplate? parsed, out _));
        Assert.False(parsed.TryMatch(path, out _));
    }

    [Theory]
    [InlineData("pets", "starts with `/`")]
    [InlineData("/{key+}/x", "must be the last segment")]
    [InlineData("/{a}/{a}", "appears twice")]
    [InlineData("/x{a}", "mixes text and a variable")]
    [InlineData("/{}", "is not a variable")]
    [InlineData("/{a b}", "is not a variable")]
    public void Rejects_malformed_templates(string template, string message)
    {
        Assert.False(PathTemplate.TryParse(template, out _, out string? error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
