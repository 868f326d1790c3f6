namespace Engine.Runtime.Evaluation;

/// <summary>
/// What the service-specific rules of iam-semantics-amendments.md §15.7–§15.9 make of one request,
/// read from its folded action and the shape of its resource ARN (<see cref="ServiceRules.Classify"/>).
/// </summary>
[Flags]
internal enum ServiceRule : ushort
{
    /// <summary>No service-specific rule applies.</summary>
    None = 0,

    /// <summary><c>sts:GetCallerIdentity</c> (§15.8 item 1).</summary>
    GetCallerIdentity = 1 << 0,

    /// <summary><c>sts:GetSessionToken</c> (§15.8 item 1a, §15.9).</summary>
    GetSessionToken = 1 << 1,

    /// <summary><c>sts:GetFederationToken</c> (§15.9).</summary>
    GetFederationToken = 1 << 2,

    /// <summary><c>sts:AssumeRole</c> (§15.9: the root user cannot call it).</summary>
    AssumeRole = 1 << 3,

    /// <summary>Any <c>sts:</c> action (§15.9: federated users can call none but GetCallerIdentity).</summary>
    Sts = 1 << 4,

    /// <summary>The role trust rule applies: a trust action on an IAM role ARN (§15.7.1 item 1, RT).</summary>
    RoleTrust = 1 << 5,

    /// <summary>Under <see cref="RoleTrust"/>: <c>sts:TagSession</c> or <c>sts:SetSourceIdentity</c>, which need the identity side on every path (D23).</summary>
    IdentityAlways = 1 << 6,

    /// <summary>The key policy rule applies: a <c>kms:</c> action on a KMS key ARN (§15.7.1 item 2, KP).</summary>
    KeyPolicy = 1 << 7,

    /// <summary>Under <see cref="KeyPolicy"/>: an operation whose cross-account permission is effective (§15.7.4).</summary>
    KmsCrossAccount = 1 << 8,
}
