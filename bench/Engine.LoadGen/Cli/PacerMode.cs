namespace Engine.LoadGen.Cli;

/// <summary>How the open loop's pacer thread waits for the next request's time (<c>--pacer</c>).</summary>
internal enum PacerMode
{
    /// <summary>Sleeps while the next request is over 1.5 ms away, spins with <c>Thread.Yield</c> closer (the default).</summary>
    Spin,

    /// <summary>Sleeps until each request is due (<c>clock_nanosleep</c>, 1 ns timer slack; Linux): no CPU between requests, one wake-up each.</summary>
    Sleep,
}
