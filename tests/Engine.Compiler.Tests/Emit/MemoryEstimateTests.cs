using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Parsing;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Tests.Emit;

/// <summary>
/// <see cref="CompiledPolicySet.EstimatedBytes"/>, the structural walk behind <c>engine compile</c>'s
/// <c>bytes</c> and the server's CompiledBytes counter: bounded by what building the set allocated,
/// and growing with what the set holds.
/// </summary>
public sealed class MemoryEstimateTests
{
    [Fact]
    public void The_estimate_is_no_more_than_parsing_and_compiling_allocated_and_covers_the_patterns()
    {
        string[] resources = [.. Enumerable.Range(0, 200).Select(i => $"arn:aws:s3:::bucket-{i}/home/*/reports-{i}-*.csv")];
        string json = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[{{string.Join(',', resources.Select(r => $"\"{r}\""))}}]}]}""";

        long before = GC.GetAllocatedBytesForCurrentThread();
        CompiledPolicySet set = PolicySetCompiler.CompileMatcher(PolicySet.FromIdentity(PolicyParser.ParseOrThrow(json, PolicyKind.Identity)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        long estimate = set.EstimatedBytes;
        long patternText = resources.Sum(r => 2L * r.Length);
        Assert.True(estimate <= allocated, $"estimate {estimate} > allocated {allocated}");
        Assert.True(estimate >= patternText, $"estimate {estimate} < the patterns' text {patternText}");
    }

    [Fact]
    public void More_statements_cost_more_and_two_sets_measured_together_count_what_they_share_once()
    {
        CompiledPolicySet small = PolicySetCompiler.CompileMatcher(Identity(5));
        CompiledPolicySet large = PolicySetCompiler.CompileMatcher(Identity(50));
        Assert.True(large.EstimatedBytes > 5 * small.EstimatedBytes / 2, $"50 statements {large.EstimatedBytes}, 5 statements {small.EstimatedBytes}");
        Assert.Equal(large.EstimatedBytes, CompiledPolicySet.EstimateBytes([large, large]));
        Assert.True(CompiledPolicySet.EstimateBytes([small, large]) <= small.EstimatedBytes + large.EstimatedBytes);
    }

    [Fact]
    public void A_promoted_set_also_holds_its_delegates()
    {
        PolicySet policies = Identity(20);
        Assert.True(PolicySetCompiler.Compile(policies).EstimatedBytes > PolicySetCompiler.CompileMatcher(policies).EstimatedBytes);
    }

    private static PolicySet Identity(int statements)
    {
        IEnumerable<string> bodies = Enumerable.Range(0, statements).Select(i =>
            """{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket-""" + i
            + """/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"team-""" + i + "\"}}}");
        return PolicySet.FromIdentity(PolicyParser.ParseOrThrow($$"""{"Version":"2012-10-17","Statement":[{{string.Join(',', bodies)}}]}""", PolicyKind.Identity));
    }
}
