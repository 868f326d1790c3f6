using Engine.Runtime.Evaluation;

namespace Engine.LoadGen.Workload;

/// <summary>
/// One decision case as a gateway would put it to the engine: the original request's path (which
/// the load generator's mapping file routes back to the case's action and resource) and the headers
/// that carry its principal and context. Built once; every send reuses it.
/// </summary>
/// <param name="Name">The case name, for mismatch reports.</param>
/// <param name="Expect">The expected decision, or null when the case states none (not checked).</param>
/// <param name="Path">The original request's path, <c>/loadgen/{service}/{action}/{resource}</c>, each part percent-encoded.</param>
/// <param name="Headers">The original request's headers (principal, context), names as written.</param>
internal sealed record GatewayCase(string Name, Decision? Expect, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers);
