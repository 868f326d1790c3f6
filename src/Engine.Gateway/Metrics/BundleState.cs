namespace Engine.Gateway.Metrics;

/// <summary>The active bundle as a scrape sees it.</summary>
/// <param name="Revision">Its revision (a content hash).</param>
/// <param name="LoadedTimestamp">When it was loaded, a <see cref="System.Diagnostics.Stopwatch"/> timestamp (monotonic, so the age never jumps with the clock).</param>
public readonly record struct BundleState(ulong Revision, long LoadedTimestamp);
