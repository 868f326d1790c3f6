namespace Engine.LoadGen.Running;

/// <summary>One connection to a gateway transport of the server; sends a case's request and reads the answer.</summary>
internal interface IGatewayClient : IDisposable
{
    /// <summary>Asks the server case <paramref name="caseIndex"/>'s question.</summary>
    /// <param name="caseIndex">Index into the workload's cases.</param>
    /// <param name="cancellation">Cuts the request off (the drain timed out, or Ctrl+C).</param>
    /// <returns>The answer; a transport failure throws.</returns>
    ValueTask<GatewayAnswer> SendAsync(int caseIndex, CancellationToken cancellation);
}
