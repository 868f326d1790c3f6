using Engine.Runtime.Evaluation;

namespace Engine.Bundles;

/// <summary>
/// What reading a manifest produced, kept with the bundle for the next load of its directory: the
/// manifest's bytes, the builder the reader filled (principals, profiles, resources, organization
/// levels, all by document id) and the policy each document id names, with its type. When the
/// next load finds the same manifest bytes, it resolves these documents again, in the same order
/// and so under the same ids, and skips the JSON tree and the reader (PERF: ~0.2–0.3 s of a
/// 10,000-principal reload). Only for a manifest whose documents all come from <c>policies/</c>
/// (no authorization-details files, no key-policy folder).
/// </summary>
/// <remarks>
/// The builder is never changed after its bundle is built, so the bundles that share it share
/// read-only dictionaries.
/// </remarks>
internal sealed class ManifestSnapshot(byte[] bytes, BundleBuilder builder, (string Name, PolicyKind Kind)[] documents)
{
    /// <summary>The manifest's bytes as read (a BOM included).</summary>
    public byte[] Bytes { get; } = bytes;

    /// <summary>The reader's output.</summary>
    public BundleBuilder Builder { get; } = builder;

    /// <summary>By document id: the policy name and the type it was parsed as.</summary>
    public (string Name, PolicyKind Kind)[] Documents { get; } = documents;
}
