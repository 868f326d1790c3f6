using Engine.Runtime.Evaluation;

namespace Engine.LoadGen.Running;

/// <summary>
/// What a gateway transport answered: allowed (HTTP 200, ext_authz status 0) or denied (403,
/// PERMISSION_DENIED), the exact decision when the engine's <c>X-Engine-Decision</c> header came
/// back with it, or else an error (any other status, a failed RPC).
/// </summary>
/// <param name="Allowed">Allowed rather than denied (meaningless with an <paramref name="Error"/>).</param>
/// <param name="Exact">The decision the engine named, or null when the answer carried none (through nginx, only the status comes back).</param>
/// <param name="Error">What went wrong, or null for an answer.</param>
internal readonly record struct GatewayAnswer(bool Allowed, Decision? Exact, string? Error)
{
    /// <summary>An answer that is neither an Allow nor a deny.</summary>
    /// <param name="error">What it was.</param>
    /// <returns>The answer.</returns>
    public static GatewayAnswer Failed(string error) => new(false, null, error);

    /// <summary>An allow or a deny, with the decision header's value when there was one.</summary>
    /// <param name="allowed">Allowed.</param>
    /// <param name="decisionHeader">The <c>X-Engine-Decision</c> value, or null.</param>
    /// <returns>The answer; an error when the header contradicts the status.</returns>
    public static GatewayAnswer Decided(bool allowed, string? decisionHeader)
    {
        if (string.IsNullOrEmpty(decisionHeader))
        {
            return new(allowed, null, null);
        }

        if (!Enum.TryParse(decisionHeader, ignoreCase: false, out Decision exact) || !Enum.IsDefined(exact))
        {
            return Failed($"unknown decision header `{decisionHeader}`");
        }

        return (exact == Decision.Allow) == allowed
            ? new(allowed, exact, null)
            : Failed($"{(allowed ? "allowed" : "denied")} with decision header `{decisionHeader}`");
    }

    /// <summary>Whether the answer is what <paramref name="expect"/> asks for: the exact decision when known, else allow vs deny.</summary>
    /// <param name="expect">The case's expected decision.</param>
    /// <returns>True when it matches.</returns>
    public bool Matches(Decision expect) => Exact is Decision exact ? exact == expect : Allowed == (expect == Decision.Allow);

    /// <summary>The answer for a mismatch report.</summary>
    /// <returns>"ExplicitDeny", or "denied (no decision header)".</returns>
    public string Describe() => Exact?.ToString() ?? (Allowed ? "allowed (no decision header)" : "denied (no decision header)");
}
