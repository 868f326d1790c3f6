using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Benchmarks;

/// <summary>Compile cost, measured apart from evaluation.</summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private PolicySet _seed = null!;
    private PolicySet _largest = null!;

    [GlobalSetup]
    public void Setup()
    {
        _seed = BenchmarkData.SeedCases()[0].Policies!;
        ImmutableArray<PolicyDocument> largest = BenchmarkData.TenLargestManagedPolicies();
        _largest = new PolicySet(largest, null, [], [], null, null);
    }

    [Benchmark]
    public CompiledPolicySet CompileSeed() => PolicySetCompiler.Compile(_seed);

    [Benchmark]
    public CompiledPolicySet CompileTenLargestManaged() => PolicySetCompiler.Compile(_largest);
}
