namespace Engine.Protocol;

/// <summary>Helpers over <see cref="StatsCounter"/>.</summary>
public static class StatsCounters
{
    /// <summary>Number of counters this version sends.</summary>
    public const int Count = (int)StatsCounter.ErrorsUnauthorized + 1;

    /// <summary>The error counter for a non-Ok status; the errors block mirrors <see cref="ResponseStatus"/> order.</summary>
    /// <param name="status">A status other than <see cref="ResponseStatus.Ok"/>.</param>
    /// <returns>Its counter.</returns>
    public static StatsCounter ForError(ResponseStatus status)
    {
        if (status is ResponseStatus.Ok or > ResponseStatus.Unauthorized)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(status));
        }

        if (status == ResponseStatus.Unauthorized)
        {
            // Added after the counters that follow the errors block; appended, as counters always are.
            return StatsCounter.ErrorsUnauthorized;
        }

        return (StatsCounter)((int)StatsCounter.DecisionsExplicitDeny + (int)status);
    }
}
