namespace Engine.Host.Tests.Server;

/// <summary>
/// Tests that check deadlines and timeouts run alone: other test classes block thread-pool threads
/// (blocking socket reads, sleeps), and a starved pool can delay the server's reads by seconds,
/// which would make a deadline test fail for reasons that have nothing to do with the server.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "timing-sensitive";
}
