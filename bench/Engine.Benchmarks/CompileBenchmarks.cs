using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Benchmarks;

/// <summary>Compile cost, measured apart from evaluation.</summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private PolicySet _seed = null!;
    private PolicySet _largest = null!;
    private PolicySet _overlap = null!;
    private AuthorizationQuery[] _oneQueryPerAction = null!;

    [GlobalSetup]
    public void Setup()
    {
        _seed = BenchmarkData.SeedCases()[0].Policies!;
        ImmutableArray<PolicyDocument> largest = BenchmarkData.TenLargestManagedPolicies();
        _largest = new PolicySet(largest, null, [], [], null, null);
        DecisionCase[] overlap = [.. CaseFileSet.Load([Path.Combine(TestData.WorkloadsDirectory, "overlap-10x50.json")]).Cases];
        _overlap = overlap[0].Policies!;
        _oneQueryPerAction = [.. overlap.Select(c => c.Query).DistinctBy(q => q.Action.ToUpperInvariant())];
    }

    [Benchmark]
    public CompiledPolicySet CompileSeed() => PolicySetCompiler.Compile(_seed);

    [Benchmark]
    public CompiledPolicySet CompileTenLargestManaged() => PolicySetCompiler.Compile(_largest);

    /// <summary>overlap-10x50 compiled whole, no decision: the baseline of the next one.</summary>
    [Benchmark]
    public CompiledPolicySet CompileOverlap10x50() => PolicySetCompiler.Compile(_overlap);

    /// <summary>
    /// The same, then the first decision of each of its actions, each of which compiles the
    /// action's plan (docs/benchmarks.md §6, "Compiled plans"): the difference from
    /// <see cref="CompileOverlap10x50"/>, over the number of actions, is what a plan costs to compile.
    /// </summary>
    [Benchmark]
    public CompiledPolicySet CompileOverlap10x50AndAskEachAction()
    {
        CompiledPolicySet set = PolicySetCompiler.Compile(_overlap);
        var request = new AuthorizationRequest();
        foreach (AuthorizationQuery query in _oneQueryPerAction)
        {
            QueryRequests.Fill(request, query);
            _ = set.Evaluate(request);
        }

        return set;
    }
}
