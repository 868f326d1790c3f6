namespace Engine.Gateway.Mapping;

/// <summary>Copies a request header into a context key, e.g. <c>X-Tenant</c> to <c>aws:PrincipalTag/tenant</c>.</summary>
/// <param name="Header">The header name (matched case-insensitively).</param>
/// <param name="Key">The context key it fills; a header given several times makes the key multivalued.</param>
public sealed record HeaderContextRule(string Header, string Key);
