namespace Engine.Bundles;

/// <summary>
/// What a principal brings to every decision: its identity policies (in order, without repeats),
/// its permissions boundary and the SCP levels of its account. Principals with equal profiles share
/// compiled sets.
/// </summary>
/// <param name="IdentityList">Index of the identity-policy list.</param>
/// <param name="Boundary">Document id of the permissions boundary, or -1.</param>
/// <param name="ScpLevels">Index of the SCP level list of the principal's account, or -1 when SCPs do not apply.</param>
internal readonly record struct BundleProfile(int IdentityList, int Boundary, int ScpLevels);
