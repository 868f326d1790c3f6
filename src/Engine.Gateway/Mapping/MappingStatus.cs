namespace Engine.Gateway.Mapping;

/// <summary>What became of a request under the mapping.</summary>
public enum MappingStatus
{
    /// <summary>The request is an IAM question.</summary>
    Mapped,

    /// <summary>No principal: 401 / UNAUTHENTICATED, never decided as anyone.</summary>
    Unauthenticated,

    /// <summary>Route rules are configured and none matches: denied.</summary>
    NoRoute,
}
