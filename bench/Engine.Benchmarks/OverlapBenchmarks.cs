using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Benchmarks;

/// <summary>
/// One decision on the real-shaped, overlapping workloads of <c>tests/Workloads</c> (issue #15):
/// a request selects many candidate statements carrying many resource patterns. Reference
/// (baseline) against compiled with fill (an embedder's call) and evaluate-only, as in
/// <see cref="DecisionBenchmarks"/>, and the same two with the plain scan of every candidate
/// statement (<see cref="CompiledPolicySet.DisableDecisionPlanSwitch"/>) in the same run.
/// Requests rotate through the suite's questions.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class OverlapBenchmarks
{
    private PolicySet _policies = null!;
    private AuthorizationQuery[] _queries = null!;
    private CompiledPolicySet _compiled = null!;
    private CompiledPolicySet _scanned = null!;
    private AuthorizationRequest[] _filled = null!;
    private int _next;

    /// <summary>The workload: a suite of tests/Workloads.</summary>
    [Params("overlap-10x50", "overlap-20x100")]
    public string Workload { get; set; } = "overlap-10x50";

    [GlobalSetup]
    public void Setup()
    {
        DecisionCase[] cases = [.. CaseFileSet.Load([Path.Combine(TestData.WorkloadsDirectory, Workload + ".json")]).Cases];
        _policies = cases[0].Policies!;
        _queries = [.. cases.Select(c => c.Query)];
        _compiled = PolicySetCompiler.Compile(_policies);
        AppContext.SetSwitch(CompiledPolicySet.DisableDecisionPlanSwitch, true);
        _scanned = PolicySetCompiler.Compile(_policies);
        AppContext.SetSwitch(CompiledPolicySet.DisableDecisionPlanSwitch, false);
        _filled = BenchmarkData.FilledAsAskedAgain(_queries);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("decision")]
    public Decision Reference()
    {
        AuthorizationQuery query = _queries[Next()];
        return ReferenceEvaluator.Evaluate(_policies, query).Decision;
    }

    [Benchmark]
    [BenchmarkCategory("decision")]
    public Decision Compiled()
    {
        AuthorizationQuery query = _queries[Next()];
        AuthorizationRequest request = AuthorizationRequestPool.Rent();
        QueryRequests.Fill(request, query);
        Decision decision = _compiled.Evaluate(request).Decision;
        AuthorizationRequestPool.Return(request);
        return decision;
    }

    /// <summary>The plain scan of every candidate statement (the engine before issue #15), with fill.</summary>
    [Benchmark]
    [BenchmarkCategory("decision")]
    public Decision CompiledScan()
    {
        AuthorizationQuery query = _queries[Next()];
        AuthorizationRequest request = AuthorizationRequestPool.Rent();
        QueryRequests.Fill(request, query);
        Decision decision = _scanned.Evaluate(request).Decision;
        AuthorizationRequestPool.Return(request);
        return decision;
    }

    [Benchmark]
    [BenchmarkCategory("decision")]
    public Decision CompiledScanEvaluateOnly() => _scanned.Evaluate(_filled[Next()]).Decision;

    [Benchmark]
    [BenchmarkCategory("decision")]
    public Decision CompiledEvaluateOnly() => _compiled.Evaluate(_filled[Next()]).Decision;

    private int Next()
    {
        int i = _next;
        _next = i + 1 == _queries.Length ? 0 : i + 1;
        return i;
    }
}
