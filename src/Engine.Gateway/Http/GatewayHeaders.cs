namespace Engine.Gateway.Http;

/// <summary>The headers forward-auth answers with, always present (empty when there is nothing to say).</summary>
public static class GatewayHeaders
{
    /// <summary>The principal the request was decided as.</summary>
    public const string Principal = "X-Engine-Principal";

    /// <summary><c>Allow</c>, <c>ExplicitDeny</c>, <c>ImplicitDeny</c>, or <c>Unauthenticated</c>.</summary>
    public const string Decision = "X-Engine-Decision";

    /// <summary>The deciding statement, e.g. <c>identity[0].Statement[1] (Sid "Read") Allow</c>.</summary>
    public const string Statement = "X-Engine-Statement";

    /// <summary>
    /// With <c>engine serve --explain-headers</c>: the rule that decided without a statement
    /// (<c>not-controlled-by-policy</c>) or the reasons of an implicit deny
    /// (<c>role-trust-policy-no-allow</c>, <c>credentials-cannot-call-action</c>, …); else empty.
    /// </summary>
    public const string Reason = "X-Engine-Reason";

    /// <summary>The bundle revision that decided.</summary>
    public const string Revision = "X-Engine-Revision";
}
