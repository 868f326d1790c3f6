namespace Engine.Testing.Bundles;

/// <summary>What <see cref="SyntheticBundle.Write"/> wrote, for tests to ask about.</summary>
/// <param name="Directory">The bundle directory.</param>
/// <param name="Users">Every user ARN.</param>
/// <param name="Roles">Every role ARN.</param>
/// <param name="Buckets">The bucket ARNs that have a bucket policy.</param>
/// <param name="PolicyCount">How many policy files were written.</param>
public sealed record SyntheticBundleInfo(string Directory, IReadOnlyList<string> Users, IReadOnlyList<string> Roles, IReadOnlyList<string> Buckets, int PolicyCount);
