namespace Engine.Bundles;

/// <summary>
/// Which compiled set decides a request: the principal's profile, the resource's policy, the RCP
/// levels of the resource's account and the policy of the VPC endpoint the request came through
/// (each -1 for none). A struct key, so the warm lookup in the bundle's cache does not allocate.
/// </summary>
/// <param name="Profile">Index of the principal's <see cref="BundleProfile"/>.</param>
/// <param name="ResourcePolicy">Document id of the resource policy, or -1.</param>
/// <param name="RcpLevels">Index of the RCP level list, or -1 when RCPs do not apply.</param>
/// <param name="VpcEndpoint">Document id of the VPC endpoint policy, or -1 (amendments §15.6.2).</param>
internal readonly record struct BundleSetKey(int Profile, int ResourcePolicy, int RcpLevels, int VpcEndpoint);
