using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Engine.Catalog;

/// <summary>
/// The IAM service reference (data/service-reference.jsonl.gz, from the AWS Service Authorization Reference):
/// services, actions, resource types, condition keys and dependent actions. Read on first use, once,
/// thread-safely.
/// </summary>
public static class ServiceReference
{
    private static readonly Lazy<Index> s_index = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every service, ordered by prefix as the data is.</summary>
    public static IReadOnlyList<AwsService> Services => s_index.Value.Services;

    /// <summary>Every action of every service, service by service.</summary>
    public static IEnumerable<AwsAction> Actions => s_index.Value.Services.SelectMany(s => s.Actions);

    /// <summary>Finds a service by prefix, ignoring case.</summary>
    /// <param name="prefix">e.g. <c>s3</c>.</param>
    /// <param name="service">The service found.</param>
    public static bool TryGetService(string prefix, [MaybeNullWhen(false)] out AwsService service)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return s_index.Value.ByPrefix.TryGetValue(prefix, out service);
    }

    /// <summary>Finds an action by <c>service:Action</c>, ignoring case.</summary>
    /// <param name="action">e.g. <c>s3:GetObject</c>.</param>
    /// <param name="found">The action found.</param>
    public static bool TryGetAction(string action, [MaybeNullWhen(false)] out AwsAction found)
    {
        ArgumentNullException.ThrowIfNull(action);
        int colon = action.IndexOf(':', StringComparison.Ordinal);
        found = null;
        return colon > 0 && TryGetService(action[..colon], out AwsService? service) && service.TryGetAction(action[(colon + 1)..], out found);
    }

    /// <summary>Whether the data has been read.</summary>
    internal static bool IsLoaded => s_index.IsValueCreated;

    private sealed record Index(IReadOnlyList<AwsService> Services, Dictionary<string, AwsService> ByPrefix);

    private static Index Load()
    {
        byte[] bytes = CatalogResources.Read(CatalogResources.ServiceReference);
        var services = new List<AwsService>(512);
        var byPrefix = new Dictionary<string, AwsService>(512, StringComparer.OrdinalIgnoreCase);
        foreach (ReadOnlyMemory<byte> line in CatalogResources.Lines(bytes))
        {
            ServiceLine data = JsonSerializer.Deserialize(line.Span, CatalogJsonContext.Default.ServiceLine)
                ?? throw new InvalidDataException("a null line in the embedded service reference");
            AwsService service = Build(data);
            services.Add(service);
            byPrefix.TryAdd(service.Prefix, service);
        }

        return new Index(services.AsReadOnly(), byPrefix);
    }

    private static AwsService Build(ServiceLine data)
    {
        var resourceTypes = data.ResourceTypes.ConvertAll(r => new AwsResourceType(r.Name, r.Arn, r.ConditionKeys.AsReadOnly()));
        var byName = new Dictionary<string, AwsResourceType>(StringComparer.Ordinal);
        foreach (AwsResourceType type in resourceTypes)
        {
            byName.TryAdd(type.Name, type);
        }

        var actions = data.Actions.ConvertAll(a => new AwsAction(
            data.Prefix,
            a.Name,
            a.AccessLevel,
            a.ResourceTypes.ConvertAll(r => new ActionResourceType(
                byName.TryGetValue(r.Name, out AwsResourceType? type) ? type : new AwsResourceType(r.Name, "", []),
                r.Required,
                r.ConditionKeys.AsReadOnly(),
                r.DependentActions.AsReadOnly())).AsReadOnly(),
            a.ConditionKeys.AsReadOnly(),
            a.DependentActions.AsReadOnly()));
        var keys = data.ConditionKeys.ConvertAll(k => new ConditionKeyDefinition(k.Key, ConditionKeyDefinition.ParseType(k.Type)));
        return new AwsService(data.Prefix, data.Name ?? data.Prefix, data.SupportsRcp, actions.AsReadOnly(), resourceTypes.AsReadOnly(), keys.AsReadOnly());
    }
}
