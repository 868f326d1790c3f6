namespace Engine.Gateway.Mapping;

/// <summary>
/// What API Gateway's IAM authorization puts in the resource ARN it checks:
/// <c>arn:aws:execute-api:{Region}:{Account}:{ApiId}/{Stage}/{METHOD}/{path}</c>.
/// </summary>
/// <param name="Region">The region, e.g. <c>us-east-1</c>.</param>
/// <param name="Account">The account that owns the API.</param>
/// <param name="ApiId">The API id.</param>
/// <param name="Stage">The stage.</param>
public sealed record ApiGatewayTarget(string Region, string Account, string ApiId, string Stage)
{
    /// <summary>The action API Gateway checks.</summary>
    public const string InvokeAction = "execute-api:Invoke";

    /// <summary>The defaults without a mapping file: <c>us-east-1</c>, <c>111122223333</c> (the example bundle's account), <c>local</c>, <c>default</c>.</summary>
    public static ApiGatewayTarget Default { get; } = new("us-east-1", "111122223333", "local", "default");

    /// <summary>The resource ARN of a request: the path without its leading slash and without its query.</summary>
    /// <param name="method">The HTTP method, upper-cased as API Gateway does.</param>
    /// <param name="path">The request path, starting with <c>/</c>.</param>
    public string ResourceArn(string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        return $"arn:aws:execute-api:{Region}:{Account}:{ApiId}/{Stage}/{method.ToUpperInvariant()}/{path.TrimStart('/')}";
    }
}
