namespace Engine.Protocol;

/// <summary>
/// Index of each counter in a Stats frame (docs/wire-protocol.md §5.3). New counters are only
/// ever appended, so an older client reads the ones it knows and a newer client sees a shorter list.
/// </summary>
public enum StatsCounter
{
    /// <summary>Request frames received (queries, pings, stats requests, and rejected frames).</summary>
    Requests = 0,

    /// <summary>Decisions answered <c>ImplicitDeny</c> with status Ok.</summary>
    DecisionsImplicitDeny = 1,

    /// <summary>Decisions answered <c>Allow</c>.</summary>
    DecisionsAllow = 2,

    /// <summary>Decisions answered <c>ExplicitDeny</c>.</summary>
    DecisionsExplicitDeny = 3,

    /// <summary>Responses with status <see cref="ResponseStatus.UnknownPrincipal"/>.</summary>
    ErrorsUnknownPrincipal = 4,

    /// <summary>Responses with status <see cref="ResponseStatus.Malformed"/>.</summary>
    ErrorsMalformed = 5,

    /// <summary>Responses with status <see cref="ResponseStatus.TooLarge"/>.</summary>
    ErrorsTooLarge = 6,

    /// <summary>Responses with status <see cref="ResponseStatus.Overloaded"/>.</summary>
    ErrorsOverloaded = 7,

    /// <summary>Responses with status <see cref="ResponseStatus.UnsupportedVersion"/>.</summary>
    ErrorsUnsupportedVersion = 8,

    /// <summary>Responses with status <see cref="ResponseStatus.UnsupportedFrameType"/>.</summary>
    ErrorsUnsupportedFrameType = 9,

    /// <summary>Responses with status <see cref="ResponseStatus.InternalError"/>.</summary>
    ErrorsInternalError = 10,

    /// <summary>Responses with status <see cref="ResponseStatus.NotReady"/>.</summary>
    ErrorsNotReady = 11,

    /// <summary>Connections open now.</summary>
    CurrentConnections = 12,

    /// <summary>Connections accepted since start.</summary>
    TotalConnections = 13,

    /// <summary>Revision of the policy set in use.</summary>
    CurrentRevision = 14,

    /// <summary>Bytes the process has allocated since start (<c>GC.GetTotalAllocatedBytes</c>).</summary>
    AllocatedBytes = 15,

    /// <summary>When the policy set in use was loaded, in seconds since the Unix epoch (UTC).</summary>
    RevisionLoadedAt = 16,

    /// <summary>Reloads that failed since start (the previous policy set kept serving each time).</summary>
    ReloadsFailed = 17,

    /// <summary>When the last reload failed, in seconds since the Unix epoch (UTC); 0 when none has.</summary>
    LastReloadFailedAt = 18,

    /// <summary>Times watching the bundle's files failed and polling took over.</summary>
    ReloadWatchFailures = 19,

    /// <summary>
    /// Managed heap bytes held by the compiled policy sets of the policy source in use (a structural
    /// estimate, <c>CompiledPolicySet.EstimateBytes</c>; 0 when the source does not say).
    /// </summary>
    CompiledBytes = 20,

    /// <summary>
    /// Connections refused for want of authentication: a failed TLS handshake, a client certificate
    /// not on the allow-list, or a first frame that was not a Hello with the server's token.
    /// </summary>
    ErrorsUnauthorized = 21,
}
