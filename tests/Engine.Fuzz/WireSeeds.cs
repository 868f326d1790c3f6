using System.Buffers;
using System.Collections.Immutable;
using Engine.Compiler.Cases;
using Engine.Compiler.Model;
using Engine.Protocol;

namespace Engine.Fuzz;

/// <summary>
/// Valid frames encoded with the codec (FrameWriter): the public MFA vectors as Query frames, one
/// per seed and all pipelined in one, plus a Ping, a StatsRequest and queries with a resource
/// account and multivalued context. Each seed starts with the byte the wire target reads as its
/// split point.
/// </summary>
internal static class WireSeeds
{
    public static IEnumerable<FuzzSeed> Create(string repository)
    {
        ImmutableArray<DecisionCase>.Builder cases = ImmutableArray.CreateBuilder<DecisionCase>();
        ImmutableArray<CaseLoadError>.Builder errors = ImmutableArray.CreateBuilder<CaseLoadError>();
        DecisionCaseReader.ReadFile(Path.Combine(repository, "tests/Vectors/mfa-self-service.json"), cases, errors);
        var all = new ArrayBufferWriter<byte>();
        ulong id = 1;
        foreach (DecisionCase c in cases.Take(24))
        {
            var one = new ArrayBufferWriter<byte>();
            Write(one, id, c.Query);
            Write(all, id++, c.Query);
            yield return Seed($"vector-{id - 1}", 0, one.WrittenSpan);
        }

        yield return Seed("pipelined-split", 97, all.WrittenSpan);

        var misc = new ArrayBufferWriter<byte>();
        FrameWriter.WritePing(misc, 7);
        FrameWriter.WriteStatsRequest(misc, 8);
        FrameWriter.WriteQuery(misc, 9, Decisions.Alice, "s3:GetObject", "arn:aws:s3:::bucket/key", "444455556666",
            [QueryContextEntry.Multivalued("aws:TagKeys", "team", "env"), QueryContextEntry.Multivalued("aws:CalledVia"), QueryContextEntry.SingleValue("aws:MultiFactorAuthPresent", "true")]);
        yield return Seed("ping-stats-query", 20, misc.WrittenSpan);
    }

    private static void Write(ArrayBufferWriter<byte> output, ulong id, AuthorizationQuery query) =>
        FrameWriter.WriteQuery(output, id, query.Principal, query.Action, query.Resource, query.ResourceAccount,
            [.. query.Context.Select(e => e.IsMultivalued
                ? QueryContextEntry.Multivalued(e.Key, e.Values)
                : QueryContextEntry.SingleValue(e.Key, e.Values[0]))]);

    private static FuzzSeed Seed(string name, byte split, ReadOnlySpan<byte> frames) => new(name, [split, .. frames]);
}
