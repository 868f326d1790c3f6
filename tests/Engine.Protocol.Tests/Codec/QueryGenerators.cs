using FsCheck;
using FsCheck.Fluent;

namespace Engine.Protocol.Tests.Codec;

/// <summary>A query as a client means it, for round-trip properties.</summary>
public sealed record GeneratedQuery(
    ulong RequestId,
    string Principal,
    string Action,
    string Resource,
    string? ResourceAccount,
    IReadOnlyList<QueryContextEntry> Context)
{
    public byte[] Encode() =>
        ProtocolTestKit.EncodeQuery(RequestId, Principal, Action, Resource, ResourceAccount, Context);

    internal QuerySnapshot Expected() =>
        QuerySnapshot.Of(RequestId, Principal, Action, Resource, ResourceAccount, Context);

    public override string ToString() => Expected().ToString();
}

/// <summary>FsCheck generators for queries: ARN-ish text mixed with multi-byte and astral characters.</summary>
public static class QueryGenerators
{
    // Pieces rather than single chars so strings look like ARNs yet still cover 1- to 4-byte UTF-8.
    private static readonly string[] s_pieces =
    [
        "", "a", "Z", "0", ":", "/", "*", "?", "arn:aws:iam::111122223333:", "user/", "s3:GetObject",
        "é", "ß", "中文", "😀", "\u0000", " ", "\"", "\\", "\u00ff",
    ];

    private static Gen<string> Text(int maxPieces) =>
        Gen.Choose(0, maxPieces).SelectMany(n => Gen.Elements(s_pieces).ArrayOf(n)).Select(string.Concat);

    private static Gen<QueryContextEntry> Entry =>
        from key in Text(4).Where(k => k.Length > 0)
        from multivalued in Gen.Elements(false, true)
        from values in multivalued
            ? Gen.Choose(0, 3).SelectMany(n => Text(3).ArrayOf(n))
            : Text(3).Select(v => new[] { v })
        select multivalued ? QueryContextEntry.Multivalued(key, values) : QueryContextEntry.SingleValue(key, values[0]);

    public static Arbitrary<GeneratedQuery> Queries() =>
        Gen.Sized(size =>
            from requestId in Gen.Choose(0, int.MaxValue).Select(i => ((ulong)i << 32) ^ (ulong)i)
            from principal in Text(6)
            from action in Text(3)
            from resource in Text(6)
            from hasAccount in Gen.Elements(false, true)
            from account in Text(2)
            from entryCount in Gen.Choose(0, Math.Min(size, 12))
            from context in Entry.ArrayOf(entryCount)
            select new GeneratedQuery(requestId, principal, action, resource, hasAccount ? account : null, context))
        .ToArbitrary();
}
